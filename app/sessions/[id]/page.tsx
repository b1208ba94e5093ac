import { SessionReview } from "../../_components/history/session-review";

export const metadata = { title: "Session · Gradient Arena" };

export default async function SessionPage(props: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ share?: string | string[] }>;
}) {
  const { id } = await props.params;
  const { share } = await props.searchParams;
  return <SessionReview id={id} share={typeof share === "string" ? share : ""} />;
}
