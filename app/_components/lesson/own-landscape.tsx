"use client";
// The student's own path on the same landscape as the projector's, as a small SVG: one sample, the
// parabola L = (y − p)² with the prediction after every step (a run that leaves the picture is
// marked ▲ at the top edge, on its side); several samples, the contours of the valley plane with
// the parameters after every step projected on it.
import { useId } from "react";
import { contourEllipse, parabolaPointAt, type ParabolaLandscape, type ValleyPlane } from "../../../lib/gd";
import { DIVERGED_COLOR } from "../chart/palette";
import { useI18n } from "../i18n-provider";
import { thinIndices } from "./lesson-figures";

const W = 320;
const H = 180;
const PAD = 14;
const MAX_POINTS = 300;
const PATH = "#56b4e9";

type Landscape =
  /** predictions[k]: the prediction after k steps (momentum and Adam do not follow plain descent's sides). */
  | { kind: "parabola"; land: ParabolaLandscape; predictions: number[]; losses: number[] }
  | { kind: "valley"; plane: ValleyPlane; path: { u: number; v: number }[] };

/** `shown`: the last step drawn (steps 0..shown). */
export function OwnLandscape({ landscape, shown }: { landscape: Landscape; shown: number }) {
  const { t } = useI18n();
  const clipId = useId();
  const label = t(landscape.kind === "parabola" ? "landscape.ownParabola" : "landscape.ownValley");
  let body: React.ReactNode;
  if (landscape.kind === "parabola") {
    const { land, predictions, losses } = landscape;
    const lo = land.label - land.halfWidth;
    const x = (p: number) => PAD + ((p - lo) / (2 * land.halfWidth)) * (W - 2 * PAD);
    const y = (l: number) => H - PAD - (l / land.lossTop) * (H - 2 * PAD - 12);
    const curve = land.points.map((p, i) => `${i ? "L" : "M"}${x(p.prediction).toFixed(1)},${y(p.loss).toFixed(1)}`);
    const last = Math.min(shown, losses.length - 1);
    const points = thinIndices(last, MAX_POINTS).map((k) => parabolaPointAt(land, predictions[k]!, losses[k]!));
    const path = points.map((p, i) => `${i ? "L" : "M"}${x(p.drawPrediction).toFixed(1)},${y(p.drawLoss).toFixed(1)}`);
    const end = points[points.length - 1];
    body = (
      <>
        <line x1={PAD} x2={W - PAD} y1={H - PAD} y2={H - PAD} stroke="#64748b" />
        <path d={curve.join("")} fill="none" stroke="#cbd5e1" strokeWidth={1.5} />
        <text x={x(land.label)} y={H - 2} fill="#cbd5e1" fontSize={10} textAnchor="middle">{`y = ${land.label}`}</text>
        <path d={path.join("")} fill="none" stroke={PATH} strokeWidth={1.5} opacity={0.8} />
        {points.map((p, i) =>
          p.offTop ? (
            <path
              key={i}
              d={`M${x(p.drawPrediction)},${y(p.drawLoss) - 2}l6,10h-12z`}
              fill={DIVERGED_COLOR}
              transform={`translate(${-p.side * 8},0)`}
            />
          ) : (
            <circle
              key={i}
              cx={x(p.drawPrediction)}
              cy={y(p.drawLoss)}
              r={i === points.length - 1 ? 5 : 3}
              fill={PATH}
            />
          ),
        )}
        {end && !end.offTop && (
          <circle cx={x(end.drawPrediction)} cy={y(end.drawLoss)} r={8} fill="none" stroke="#f8fafc" strokeWidth={2} />
        )}
      </>
    );
  } else {
    const { plane, path } = landscape;
    const side = H - 2 * PAD;
    const half = side / 2;
    const cx = W / 2;
    const cy = H / 2;
    const px = (v: number) => cx + Math.max(-1, Math.min(1, v / plane.extent.v)) * half;
    const py = (u: number) => cy - Math.max(-1, Math.min(1, u / plane.extent.u)) * half;
    const last = Math.min(shown, path.length - 1);
    const points = thinIndices(last, MAX_POINTS).map((k) => path[k]!);
    const end = points[points.length - 1];
    body = (
      <>
        <clipPath id={clipId}>
          <rect x={cx - half} y={cy - half} width={side} height={side} />
        </clipPath>
        <rect x={cx - half} y={cy - half} width={side} height={side} fill="none" stroke="#64748b" />
        <g clipPath={`url(#${clipId})`}>
          {plane.levels.map((level) => {
            const semi = contourEllipse(plane, level);
            return (
              <ellipse
                key={level}
                cx={cx}
                cy={cy}
                rx={(semi.v / plane.extent.v) * half}
                ry={(semi.u / plane.extent.u) * half}
                fill="none"
                stroke="#64748b"
              />
            );
          })}
        </g>
        <path d={`M${cx - 5},${cy}h10M${cx},${cy - 5}v10`} stroke="#f8fafc" strokeWidth={2} />
        <path
          d={points.map((p, i) => `${i ? "L" : "M"}${px(p.v).toFixed(1)},${py(p.u).toFixed(1)}`).join("")}
          fill="none"
          stroke={PATH}
          strokeWidth={1.5}
        />
        {end && <circle cx={px(end.v)} cy={py(end.u)} r={5} fill={PATH} stroke="#f8fafc" strokeWidth={2} />}
      </>
    );
  }
  return (
    <svg
      viewBox={`0 0 ${W} ${H}`}
      className="w-full rounded-lg bg-slate-950"
      role="img"
      aria-label={label}
      data-testid="own-landscape"
    >
      {body}
    </svg>
  );
}

export type { Landscape as OwnLandscapeData };
