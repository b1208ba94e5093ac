import { SignUpPage } from "../_components/account/invite-page";

export const metadata = { title: "Sign up · Gradient Arena" };

export default function SignUp() {
  return <SignUpPage />;
}
