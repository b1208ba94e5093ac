// Number formatting shared by the pages. Losses span 1e-30..1e300 and Infinity, so anything
// outside a human range is shown in scientific notation rather than as 40 digits.

export function formatLoss(loss: number | null | undefined): string {
  if (loss === null || loss === undefined || Number.isNaN(loss)) return "—";
  if (!Number.isFinite(loss)) return "∞";
  if (loss === 0) return "0";
  const abs = Math.abs(loss);
  return abs >= 1e5 || abs < 1e-3 ? loss.toExponential(2) : String(Number(loss.toPrecision(4)));
}

export function formatRate(lr: number | null | undefined): string {
  if (lr === null || lr === undefined) return "—";
  const abs = Math.abs(lr);
  return abs !== 0 && (abs < 1e-3 || abs >= 1e4) ? lr.toExponential() : String(lr);
}

export function formatFactor(factor: number): string {
  const abs = Math.abs(factor);
  return abs >= 1e4 || (abs < 1e-3 && abs !== 0) ? factor.toExponential(2) : String(Number(factor.toPrecision(4)));
}

/** Clamp a loss for a log-scale axis: non-positive values would be -Infinity on a log axis. */
export const LOG_FLOOR = 1e-12;
export const LOG_CEIL = 1e300;
export function clampForLog(loss: number): number | null {
  if (Number.isNaN(loss)) return null;
  if (loss === Infinity || loss > LOG_CEIL) return LOG_CEIL;
  return loss < LOG_FLOOR ? LOG_FLOOR : loss;
}

export function formatDate(iso: string, locale: string): string {
  return new Date(iso).toLocaleString(locale, { dateStyle: "medium", timeStyle: "short" });
}
