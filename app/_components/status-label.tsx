"use client";
// A run's status as text with a shape, never colour alone: ✓ converged, ✕ diverged, … running.
import type { RunStatus } from "../../lib/protocol";
import { useI18n } from "./i18n-provider";

const STYLE: Record<RunStatus, { icon: string; className: string }> = {
  running: { icon: "↘", className: "text-slate-200" },
  converged: { icon: "✓", className: "text-emerald-300" },
  diverged: { icon: "✕", className: "text-orange-300" },
  max_steps: { icon: "■", className: "text-sky-200" },
};

export function StatusLabel({ status, divergedAtStep }: { status: RunStatus; divergedAtStep?: number | null }) {
  const { t } = useI18n();
  const text =
    status === "diverged" && divergedAtStep !== null && divergedAtStep !== undefined
      ? t("status.divergedAt", { step: divergedAtStep })
      : t(`status.${status}`);
  return (
    <span className={`font-semibold ${STYLE[status].className}`} data-status={status}>
      <span aria-hidden className="mr-1 inline-block w-4 text-center">
        {STYLE[status].icon}
      </span>
      {text}
    </span>
  );
}
