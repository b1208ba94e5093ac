import { StudentApp } from "../_components/student/student-app";

export const metadata = { title: "Join · Gradient Arena" };

export default function JoinPage() {
  return <StudentApp initialCode="" />;
}
