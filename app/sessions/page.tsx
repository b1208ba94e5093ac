import { SessionList } from "../_components/history/session-list";

export const metadata = { title: "History · Gradient Arena" };

export default function SessionsPage() {
  return <SessionList />;
}
