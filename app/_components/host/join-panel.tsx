"use client";
// Projector lobby panel: the join code huge, the QR code and the address to type. The address is
// the one phones use (PUBLIC_URL, or the one the server was reached at, as the server sees it
// behind a trusted proxy), which can differ from this page's (e.g. a projector on localhost).
import { useEffect, useState } from "react";
import { useI18n } from "../i18n-provider";
import { QrCode } from "./qr-code";

export function JoinPanel({ code, compact = false }: { code: string; compact?: boolean }) {
  const { t } = useI18n();
  const [origin, setOrigin] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    void publicOrigin().then((found) => {
      if (current) setOrigin(found);
    });
    return () => {
      current = false;
    };
  }, []);
  const url = origin ? `${origin}/join/${code}` : null;
  // A link to localhost would send every phone to itself: say so on the projector.
  const unreachable = origin !== null && /^https?:\/\/(localhost|127\.|\[::1\])/.test(origin);
  return (
    <section
      aria-label={t("host.code")}
      className="flex flex-col items-center gap-3 rounded-xl border border-slate-700 bg-slate-900 p-5 text-center"
    >
      <p className="text-lg text-slate-300">
        {t("host.joinAt")}{" "}
        <span className="font-mono font-semibold text-white">
          {origin ? `${origin.replace(/^https?:\/\//, "")}/join` : "…"}
        </span>
      </p>
      <p className="text-sm uppercase tracking-widest text-slate-400">{t("host.code")}</p>
      <p
        data-testid="join-code"
        className={`font-mono font-black tracking-[0.2em] text-oi-yellow ${compact ? "text-4xl" : "text-6xl sm:text-7xl"}`}
      >
        {code}
      </p>
      {unreachable && (
        <p role="note" className="max-w-sm rounded-md border border-oi-orange px-3 py-2 text-sm text-oi-orange">
          {t("host.localhostWarning")}
        </p>
      )}
      {url && !compact && <QrCode url={url} label={t("host.qrLabel", { url })} />}
    </section>
  );
}

/** POST /api/connection-check's `publicOrigin` (or the origin it expected); else this page's. */
async function publicOrigin(): Promise<string> {
  try {
    const response = await fetch("/api/connection-check", { method: "POST", cache: "no-store" });
    const body = (await response.json()) as { publicOrigin?: unknown; error?: { expectedOrigin?: unknown } };
    const found = body.publicOrigin ?? body.error?.expectedOrigin;
    if (typeof found === "string" && /^https?:\/\/[^/\s]+$/.test(found)) return found;
  } catch {
    // An old server or a network hiccup: the page's own address is the best guess left.
  }
  return window.location.origin;
}
