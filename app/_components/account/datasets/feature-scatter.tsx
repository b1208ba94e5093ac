"use client";
// One feature against the label, as dots: enough to see a trend, an outlier or a constant column
// before the class trains on it. All the dots are one SVG path (a zero-length segment per point
// with round caps), so 1,000 rows x 20 features stay 20 elements, not 20,000.
import { formatSignificant } from "../../../../lib/datasets";
import { useI18n } from "../../i18n-provider";

const W = 220;
const H = 150;
const PAD = { left: 8, right: 8, top: 8, bottom: 34 };

function scale(
  values: ArrayLike<number>,
  from: number,
  to: number,
): { at: (v: number) => number; min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    min = Math.min(min, values[i]!);
    max = Math.max(max, values[i]!);
  }
  // A constant column sits in the middle instead of dividing by zero.
  const span = max - min;
  return { min, max, at: (v) => (span > 0 ? from + ((v - min) / span) * (to - from) : (from + to) / 2) };
}

export function FeatureScatter(props: {
  feature: string;
  label: string;
  xs: ArrayLike<number>;
  ys: ArrayLike<number>;
}) {
  const { t } = useI18n();
  const x = scale(props.xs, PAD.left, W - PAD.right);
  const y = scale(props.ys, H - PAD.bottom, PAD.top);
  let dots = "";
  for (let i = 0; i < props.xs.length; i++)
    dots += `M${x.at(props.xs[i]!).toFixed(1)} ${y.at(props.ys[i]!).toFixed(1)}h0`;
  return (
    <figure className="rounded-md border border-slate-700 bg-slate-950 p-2">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        className="w-full"
        role="img"
        aria-label={t("datasets.scatterLabel", { feature: props.feature, label: props.label, count: props.xs.length })}
        data-testid="feature-scatter"
      >
        <rect
          x={PAD.left}
          y={PAD.top}
          width={W - PAD.left - PAD.right}
          height={H - PAD.top - PAD.bottom}
          fill="#0f172a"
        />
        <path d={dots} stroke="#56b4e9" strokeWidth={5} strokeLinecap="round" opacity={0.8} />
        <text x={PAD.left} y={H - 18} fill="#cbd5e1" fontSize={11}>
          {formatSignificant(x.min)}
        </text>
        <text x={W - PAD.right} y={H - 18} fill="#cbd5e1" fontSize={11} textAnchor="end">
          {formatSignificant(x.max)}
        </text>
      </svg>
      <figcaption className="truncate text-center text-sm text-slate-300" title={props.feature}>
        {props.feature} → {props.label}
      </figcaption>
    </figure>
  );
}
