import { SetupPage } from "../_components/account/setup-page";

export const metadata = { title: "Set up · Gradient Arena" };

export default async function Setup({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const { token } = await searchParams;
  return <SetupPage token={typeof token === "string" ? token : ""} />;
}
