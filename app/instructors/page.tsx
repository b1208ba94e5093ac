import { InstructorsAdmin } from "../_components/account/instructors-admin";

export const metadata = { title: "Instructors · Gradient Arena" };

export default function InstructorsPage() {
  return <InstructorsAdmin />;
}
