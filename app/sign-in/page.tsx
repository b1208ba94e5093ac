import { SignInForm } from "../_components/account/sign-in-form";
import { safeReturnPath } from "../_lib/return-path";

export const metadata = { title: "Sign in · Gradient Arena" };

export default async function SignIn({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  const { next } = await searchParams;
  return <SignInForm next={safeReturnPath(typeof next === "string" ? next : null)} />;
}
