"use client";
// "Share results" on a session's review page (owner or admin): make a read-only link (its token
// is shown once, then kept only hashed by the server), copy it, see the links made so far and
// revoke any of them. A revoked link answers "not found" from then on.
import { useCallback, useEffect, useRef, useState } from "react";
import type { CreatedShareLink, ShareLinkList, ShareLinkSummary } from "../../../lib/api-types";
import { formatDate } from "../../_lib/format";
import { accountErrorText } from "../account/auth-errors";
import { CopyLink } from "../account/copy-link";
import { callJson } from "../account/fetch-json";
import { FormError, cardClass, secondaryButton } from "../account/field";
import { useI18n } from "../i18n-provider";

export function ShareControls({ sessionId }: { sessionId: string }) {
  const { t, locale } = useI18n();
  const base = `/api/sessions/${encodeURIComponent(sessionId)}/share`;
  const [links, setLinks] = useState<ShareLinkSummary[] | null>(null);
  const [made, setMade] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState("");
  const heading = useRef<HTMLHeadingElement>(null);

  const load = useCallback(
    () =>
      callJson<ShareLinkList>(base).then((reply) => {
        if (reply.body && !reply.code) setLinks(reply.body.links);
        else setError(accountErrorText(t, reply));
      }),
    [base, t],
  );
  useEffect(() => {
    void load();
  }, [load]);

  async function make() {
    setBusy(true);
    setError(null);
    setStatus("");
    const reply = await callJson<CreatedShareLink>(base, "POST", {});
    setBusy(false);
    if (!reply.body || reply.code) return setError(accountErrorText(t, reply));
    setMade(reply.body.url);
    await load();
  }

  async function revoke(link: ShareLinkSummary) {
    setError(null);
    const reply = await callJson(`${base}/${encodeURIComponent(link.id)}`, "DELETE");
    if (reply.code) return setError(accountErrorText(t, reply));
    setMade(null);
    setStatus(t("share.revokedDone"));
    await load();
    // The button pressed is gone now: focus goes to the section, where the status is read out.
    heading.current?.focus();
  }

  return (
    <section aria-labelledby="share-heading" className={cardClass} data-testid="share-controls">
      <h2 id="share-heading" ref={heading} tabIndex={-1} className="text-xl font-bold">
        {t("share.heading")}
      </h2>
      <p className="text-slate-300">{t("share.text")}</p>
      <button type="button" onClick={() => void make()} disabled={busy} className={secondaryButton}>
        {busy ? t("auth.working") : t("share.make")}
      </button>
      {made && <CopyLink label={t("share.newLink")} url={made} testId="share-url" />}
      {error && <FormError text={error} />}
      <p role="status" className="text-slate-200">
        {status}
      </p>
      <h3 className="font-semibold">{t("share.listHeading")}</h3>
      {links?.length === 0 && <p className="text-slate-400">{t("share.none")}</p>}
      <ul className="divide-y divide-slate-700" data-testid="share-links">
        {links?.map((link) => {
          const date = formatDate(link.createdAt, locale);
          return (
            <li key={link.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2">
              <span className="flex-1">
                {t("share.made", { date })} ·{" "}
                {link.revokedAt ? t("share.revoked", { date: formatDate(link.revokedAt, locale) }) : t("share.active")}
              </span>
              {!link.revokedAt && (
                <button
                  type="button"
                  onClick={() => void revoke(link)}
                  className={secondaryButton}
                  aria-label={t("share.revokeLabel", { date })}
                >
                  {t("share.revoke")}
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
