// Okabe-Ito colours, reordered and lightened where needed for a dark projector background.
// Vermillion is kept out of the cycle: it means "diverged" (always with a dash and a × too).
export const CURVE_COLORS = ["#e69f00", "#56b4e9", "#009e73", "#f0e442", "#cc79a7", "#9ecae1", "#e5e7eb"] as const;
export const DIVERGED_COLOR = "#ff7a33";
export const CONVERGED_COLOR = "#00c08b";

export function curveColor(index: number): string {
  return CURVE_COLORS[index % CURVE_COLORS.length]!;
}
