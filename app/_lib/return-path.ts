// Where "sign in, then back where you were" returns to. Only a path on this site is accepted, so a
// crafted /sign-in?next=https://evil.example link cannot send a freshly signed-in instructor away.

/** `raw` if it is a same-site path ("/sessions/abc?x=1"), else "/". */
export function safeReturnPath(raw: string | null | undefined): string {
  if (!raw || !raw.startsWith("/") || raw.startsWith("//") || raw.startsWith("/\\")) return "/";
  return raw;
}

/** The sign-in page's address that comes back to `path` afterwards. */
export function signInHref(path: string): string {
  const back = safeReturnPath(path);
  return back === "/" ? "/sign-in" : `/sign-in?next=${encodeURIComponent(back)}`;
}
