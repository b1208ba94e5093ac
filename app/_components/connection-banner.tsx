"use client";
// Says why the live connection does not come up and what to do (app/_lib/connection-watch.ts
// decides when); gone as soon as the socket connects.
import type { MessageKey } from "../../lib/i18n";
import type { ConnectionTrouble } from "../_lib/connection-trouble";
import { useI18n } from "./i18n-provider";

const ADVICE: Record<ConnectionTrouble["kind"], MessageKey> = {
  origin: "connection.origin",
  "rate-limited": "connection.rateLimited",
  unreachable: "connection.unreachable",
  unknown: "connection.unknown",
};

/** `heading`: the banner is all the page shows (nothing else to connect to yet), so it titles the page. */
export function ConnectionBanner({
  trouble,
  heading = false,
}: {
  trouble: ConnectionTrouble | null;
  heading?: boolean;
}) {
  const { t } = useI18n();
  if (!trouble) return null;
  const origin = typeof window === "undefined" ? "" : window.location.origin;
  return (
    <div
      role="alert"
      data-testid="connection-trouble"
      data-kind={trouble.kind}
      className="mb-3 space-y-1 rounded-md border border-orange-400 bg-slate-900 p-3 text-left text-orange-100"
    >
      {heading ? (
        <h1 className="text-xl font-bold">{t("connection.title")}</h1>
      ) : (
        <p className="font-bold">{t("connection.title")}</p>
      )}
      <p>{t(ADVICE[trouble.kind], { origin })}</p>
      {trouble.kind === "origin" && trouble.expectedOrigin && (
        <p className="break-all">{t("connection.expected", { origin: trouble.expectedOrigin })}</p>
      )}
    </div>
  );
}
