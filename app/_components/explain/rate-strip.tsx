"use client";
// The class's learning rates on a log-x strip with the stability bound as a vertical line.
// Stable rates are circles, exploding ones crosses (shape, not only colour).
import { CONVERGED_COLOR, DIVERGED_COLOR } from "../chart/palette";
import { formatRate } from "../../_lib/format";
import { useI18n } from "../i18n-provider";
import { logAxis } from "./log-axis";

const W = 640;
const H = 150;
const PAD = 28;

export function RateStrip({ rates, bound, best }: { rates: number[]; bound: number; best: number | null }) {
  const { t } = useI18n();
  const { x, decades } = logAxis([...rates, bound], PAD, W - PAD);
  const bx = x(bound);
  return (
    <svg
      viewBox={`0 0 ${W} ${H}`}
      className="w-full"
      role="img"
      aria-label={t("explain.stripLabel")}
      data-testid="rate-strip"
    >
      <rect x={PAD} y={10} width={bx - PAD} height={H - 50} fill={CONVERGED_COLOR} opacity={0.15} />
      <rect x={bx} y={10} width={W - PAD - bx} height={H - 50} fill={DIVERGED_COLOR} opacity={0.15} />
      <text x={PAD + 4} y={26} fill="#a7f3d0" fontSize={13}>
        {t("explain.stable")}
      </text>
      <text x={W - PAD - 4} y={26} fill="#fed7aa" fontSize={13} textAnchor="end">
        {t("explain.unstable")}
      </text>
      {decades.map((e) => (
        <g key={e}>
          <line x1={x(10 ** e)} x2={x(10 ** e)} y1={H - 40} y2={H - 34} stroke="#94a3b8" />
          <text x={x(10 ** e)} y={H - 20} fill="#cbd5e1" fontSize={12} textAnchor="middle">{`1e${e}`}</text>
        </g>
      ))}
      <line x1={PAD} x2={W - PAD} y1={H - 40} y2={H - 40} stroke="#94a3b8" />
      <line x1={bx} x2={bx} y1={6} y2={H - 34} stroke="#f8fafc" strokeWidth={2} strokeDasharray="6 4" />
      <text
        x={bx}
        y={H - 4}
        fill="#f8fafc"
        fontSize={12}
        textAnchor="middle"
      >{`lr < ${formatRate(Number(bound.toPrecision(4)))}`}</text>
      {best !== null && (
        <line x1={x(best)} x2={x(best)} y1={40} y2={H - 40} stroke="#e2e8f0" strokeWidth={1} opacity={0.5} />
      )}
      {rates.map((lr, i) => {
        const cx = x(lr);
        const cy = 44 + ((i * 37) % 60); // deterministic jitter so equal rates stay visible
        return lr < bound ? (
          <circle key={i} cx={cx} cy={cy} r={6} fill="none" stroke={CONVERGED_COLOR} strokeWidth={2.5} />
        ) : (
          <path
            key={i}
            d={`M${cx - 6},${cy - 6}L${cx + 6},${cy + 6}M${cx + 6},${cy - 6}L${cx - 6},${cy + 6}`}
            stroke={DIVERGED_COLOR}
            strokeWidth={2.5}
          />
        );
      })}
    </svg>
  );
}
