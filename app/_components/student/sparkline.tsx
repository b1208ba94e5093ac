"use client";
// The student's own loss curve as a light SVG (no chart library on phones). Log-scale y; the
// point where a run blew up gets a ×, a converged end a ○.
import { clampForLog } from "../../_lib/format";
import type { RunStatus } from "../../../lib/protocol";
import { CONVERGED_COLOR, DIVERGED_COLOR } from "../chart/palette";

const W = 320;
const H = 140;
const PAD = 8;
const LABELS = 36; // right-hand strip for the 1eN labels, so the curve never runs under them

export function Sparkline({ losses, status, label }: { losses: number[]; status: RunStatus; label: string }) {
  const points: [number, number][] = [];
  losses.forEach((loss, step) => {
    const y = loss === undefined ? null : clampForLog(loss);
    if (y !== null) points.push([step, Math.log10(y)]);
  });
  if (points.length === 0) return <div className="h-36 rounded-lg bg-slate-800" aria-hidden />;
  const maxX = Math.max(1, points[points.length - 1]![0]);
  const ys = points.map((p) => p[1]);
  const lo = Math.floor(Math.min(...ys));
  const hi = Math.max(lo + 1, Math.ceil(Math.max(...ys)));
  const px = (x: number) => PAD + (x / maxX) * (W - 2 * PAD - LABELS);
  const py = (y: number) => H - PAD - ((y - lo) / (hi - lo)) * (H - 2 * PAD);
  const d = points.map(([x, y], i) => `${i ? "L" : "M"}${px(x).toFixed(1)},${py(y).toFixed(1)}`).join("");
  const [lx, ly] = points[points.length - 1]!;
  const ex = px(lx);
  const ey = py(ly);
  const diverged = status === "diverged";
  return (
    <svg
      viewBox={`0 0 ${W} ${H}`}
      className="w-full rounded-lg bg-slate-950"
      role="img"
      aria-label={label}
      data-testid="own-curve"
    >
      <text x={W - PAD} y={14} fill="#94a3b8" fontSize={11} textAnchor="end">{`1e${hi}`}</text>
      <text x={W - PAD} y={H - 12} fill="#94a3b8" fontSize={11} textAnchor="end">{`1e${lo}`}</text>
      <path
        d={d}
        fill="none"
        stroke={diverged ? DIVERGED_COLOR : "#56b4e9"}
        strokeWidth={2.5}
        strokeDasharray={diverged ? "7 4" : undefined}
      />
      {diverged && (
        <path
          d={`M${ex - 7},${ey - 7}L${ex + 7},${ey + 7}M${ex + 7},${ey - 7}L${ex - 7},${ey + 7}`}
          stroke={DIVERGED_COLOR}
          strokeWidth={3}
        />
      )}
      {status === "converged" && <circle cx={ex} cy={ey} r={6} fill="none" stroke={CONVERGED_COLOR} strokeWidth={3} />}
    </svg>
  );
}
