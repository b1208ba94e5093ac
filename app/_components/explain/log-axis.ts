// A log-10 axis for the rate strips: whole decades, one to spare on each side of the values, mapped
// onto [from, to] pixels.
export function logAxis(values: number[], from: number, to: number) {
  const positive = values.filter((v) => v > 0);
  const lo = Math.floor(Math.log10(Math.min(...positive))) - 1;
  const hi = Math.ceil(Math.log10(Math.max(...positive))) + 1;
  const x = (v: number) => from + ((Math.log10(v) - lo) / (hi - lo)) * (to - from);
  const decades = Array.from({ length: hi - lo + 1 }, (_, k) => lo + k);
  return { x, decades };
}
