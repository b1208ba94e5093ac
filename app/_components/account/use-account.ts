"use client";
// The signed-in instructor for a page: undefined while asking, then the answer (null: signed out).
// A failed look-up reads as signed out; the page's own API calls would say the same.
import { useEffect, useState } from "react";
import { loadAccount, type AccountStatus } from "./me";

export function useAccount(): AccountStatus | undefined {
  const [account, setAccount] = useState<AccountStatus | undefined>(undefined);
  useEffect(() => {
    loadAccount().then(setAccount, () => setAccount({ instructor: null, signup: "invite" }));
  }, []);
  return account;
}
