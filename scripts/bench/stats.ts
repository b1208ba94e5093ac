// Small statistics helpers shared by the benchmark scripts.

export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export function sortedCopy(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values).sort();
}

export interface Spread {
  p50: number;
  p99: number;
  max: number;
}

/** Percentiles over the steps of (last arrival - first arrival): how long one step took to reach everyone. */
export function spreadOf(steps: Iterable<[number, number]>): Spread {
  const spreads = sortedCopy([...steps].map(([first, last]) => last - first));
  return { p50: percentile(spreads, 50), p99: percentile(spreads, 99), max: spreads[spreads.length - 1] ?? NaN };
}

export function mean(values: number[]): number {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : NaN;
}

/** Fixed-width table for terminals and for pasting into docs/performance.md as Markdown. */
export function markdownTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  return [line(header), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.map(line)].join("\n");
}
