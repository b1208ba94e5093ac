// The text for a refused account call. Better Auth answers English messages with codes of its
// own; the pages show their own words for the ones a person can act on.
import { errorMessageKey, type Translate } from "../../../lib/i18n";
import type { JsonReply } from "./fetch-json";

export function accountErrorText(t: Translate, reply: Pick<JsonReply<unknown>, "status" | "code">): string {
  const { status, code } = reply;
  if (code === "NETWORK") return t("error.network");
  if (code === "BANNED_USER") return t("auth.disabled");
  if (code === "INVALID_EMAIL_OR_PASSWORD" || code === "INVALID_PASSWORD" || status === 401)
    return t("auth.wrongPassword");
  if (code === "PASSWORD_TOO_SHORT") return t("auth.passwordShort");
  if (status === 429) return t("error.RATE_LIMITED");
  if (code === "SIGNUP_CLOSED") return t("signup.closed");
  // Our own API's codes have texts (error.<CODE>); unknown ones read as a server error.
  return t("auth.failed", { message: t(errorMessageKey(code)) });
}
