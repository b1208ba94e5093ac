// Python's repr(float) (and str(np.float64), which numpy keeps identical to it): the shortest
// digits that read back as the same double, laid out the way CPython's float_repr_style "short"
// does. Positional unless the decimal exponent is below -4 or at least 16: 0.0001, 1e-05,
// 9999999999999998.0, 1e+16, 1.5e+16; integers keep ".0"; the exponent has at least two digits.

import { shortestDigits } from "./float-digits";

export function pythonFloatRepr(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  const sign = x < 0 || Object.is(x, -0) ? "-" : "";
  const { digits, point } = shortestDigits(x);
  const exponent = point - 1;
  if (x !== 0 && (exponent < -4 || exponent >= 16)) {
    const mantissa = digits.length === 1 ? digits : `${digits[0]}.${digits.slice(1)}`;
    const magnitude = String(Math.abs(exponent)).padStart(2, "0");
    return `${sign}${mantissa}e${exponent < 0 ? "-" : "+"}${magnitude}`;
  }
  if (point <= 0) return `${sign}0.${"0".repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${"0".repeat(point - digits.length)}.0`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}
