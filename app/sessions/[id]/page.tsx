import { SessionReview } from "../../_components/history/session-review";

export const metadata = { title: "Session · Gradient Arena" };

export default async function SessionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <SessionReview id={id} />;
}
