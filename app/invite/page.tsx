import { InvitePage } from "../_components/account/invite-page";

export const metadata = { title: "Invitation · Gradient Arena" };

export default async function Invite({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const { token } = await searchParams;
  return <InvitePage token={typeof token === "string" ? token : ""} />;
}
