import { normalizeCode } from "../../../lib/input-rules";
import { StudentApp } from "../../_components/student/student-app";

export const metadata = { title: "Join · Gradient Arena" };

// The QR code's target: the code is prefilled, and a phone that joined before resumes at once.
export default async function JoinCodePage({ params }: { params: Promise<{ code: string }> }) {
  const { code } = await params;
  return <StudentApp initialCode={normalizeCode(decodeURIComponent(code)).slice(0, 12)} />;
}
