import { AccountSettings } from "../_components/account/account-settings";

export const metadata = { title: "Account · Gradient Arena" };

export default function AccountPage() {
  return <AccountSettings />;
}
