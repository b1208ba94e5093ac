"use client";
// One learning rate on a log-x strip, sized for a phone: the stable region, the bound (dashed), the
// best single step and the suggested rate. The rate is a circle when stable, a cross when not.
import { CONVERGED_COLOR, DIVERGED_COLOR } from "../chart/palette";
import { logAxis } from "../explain/log-axis";
import { useI18n } from "../i18n-provider";
import { formatRate4 } from "./lesson-figures";

const W = 340;
const H = 110;
const PAD = 22;
const AXIS = 74;

export function OwnRateStrip(props: { lr: number; bound: number; best: number | null; suggestion: number }) {
  const { t } = useI18n();
  const { lr, bound, best, suggestion } = props;
  const { x, decades } = logAxis([lr, bound, suggestion, ...(best ? [best] : [])], PAD, W - PAD);
  const every = Math.max(1, Math.ceil(decades.length / 6));
  const bx = x(bound);
  const you = x(lr);
  const stable = lr < bound;
  return (
    <svg
      viewBox={`0 0 ${W} ${H}`}
      className="w-full max-w-md"
      role="img"
      aria-label={t("why.stripLabel")}
      data-testid="own-rate-strip"
    >
      <rect x={PAD} y={8} width={bx - PAD} height={AXIS - 8} fill={CONVERGED_COLOR} opacity={0.15} />
      <rect x={bx} y={8} width={W - PAD - bx} height={AXIS - 8} fill={DIVERGED_COLOR} opacity={0.15} />
      <line x1={PAD} x2={W - PAD} y1={AXIS} y2={AXIS} stroke="#94a3b8" />
      {decades.map((e, i) =>
        i % every === 0 ? (
          <g key={e}>
            <line x1={x(10 ** e)} x2={x(10 ** e)} y1={AXIS} y2={AXIS + 5} stroke="#94a3b8" />
            <text x={x(10 ** e)} y={AXIS + 17} fill="#cbd5e1" fontSize={11} textAnchor="middle">{`1e${e}`}</text>
          </g>
        ) : null,
      )}
      <line x1={bx} x2={bx} y1={4} y2={AXIS + 4} stroke="#f8fafc" strokeWidth={2} strokeDasharray="5 3" />
      <text x={bx} y={H - 4} fill="#f8fafc" fontSize={11} textAnchor="middle">{`lr < ${formatRate4(bound)}`}</text>
      {best !== null && (
        <>
          <line x1={x(best)} x2={x(best)} y1={18} y2={AXIS} stroke="#e2e8f0" opacity={0.6} />
          <text x={x(best)} y={16} fill="#e2e8f0" fontSize={11} textAnchor="middle">
            {t("why.best")}
          </text>
        </>
      )}
      {stable ? (
        <circle cx={you} cy={48} r={7} fill="none" stroke={CONVERGED_COLOR} strokeWidth={3} />
      ) : (
        <path d={`M${you - 7},41L${you + 7},55M${you + 7},41L${you - 7},55`} stroke={DIVERGED_COLOR} strokeWidth={3} />
      )}
      <text
        x={Math.min(Math.max(you, PAD + 10), W - PAD - 10)}
        y={68}
        fill="#f8fafc"
        fontSize={12}
        fontWeight="bold"
        textAnchor="middle"
      >
        {t("why.you")}
      </text>
    </svg>
  );
}
