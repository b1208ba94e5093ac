// Who is signed in: GET /api/me, the instructor pages' one cheap call (our own endpoint, not Better
// Auth's rate-limited routes). Asked once per page load and shared by the header and the page.
// Student pages never import this.

export interface SignedInInstructor {
  id: string;
  name: string;
  email: string;
  role: "admin" | "instructor";
}

export interface AccountStatus {
  instructor: SignedInInstructor | null;
  signup: "invite" | "open" | "closed";
}

let pending: Promise<AccountStatus> | null = null;

export function loadAccount(): Promise<AccountStatus> {
  pending ??= fetch("/api/me", { cache: "no-store" }).then(async (response) => {
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return (await response.json()) as AccountStatus;
  });
  // A failed look-up is asked again next time rather than remembered.
  pending.catch(() => (pending = null));
  return pending;
}
