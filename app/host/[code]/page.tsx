import { normalizeCode } from "../../../lib/input-rules";
import { HostConsole } from "../../_components/host/host-console";

export const metadata = { title: "Host · Gradient Arena" };

export default async function HostPage({ params }: { params: Promise<{ code: string }> }) {
  const { code } = await params;
  return <HostConsole code={normalizeCode(decodeURIComponent(code))} />;
}
