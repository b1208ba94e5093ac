// Decimal digits of a double, the two ways Python and numpy need them:
//  - shortest: the fewest digits that read back as the same double (what repr(float) prints).
//    ECMAScript's Number#toString is specified to give exactly these (shortest, and the closest
//    to the double when several are as short), which is also what CPython's dtoa and numpy's
//    Dragon4 give: checked against Python on 200,000 random bit patterns.
//  - rounded: what numpy's Dragon4 prints when a cutoff (precision) is shorter than the shortest
//    digits: the exact binary value rounded half-to-even at the cutoff. toFixed/toPrecision round
//    ties away from zero and so cannot be used; the exact value comes from BigInt arithmetic.

/** |x| = 0.DIGITS x 10^point, with no leading or trailing zeros in DIGITS ("0" for zero, point 1). */
export interface DecimalDigits {
  digits: string;
  point: number;
}

const ZERO: DecimalDigits = { digits: "0", point: 1 };

function normalise(digits: string, point: number): DecimalDigits {
  const lead = digits.length - digits.replace(/^0+/, "").length;
  const trimmed = digits.slice(lead).replace(/0+$/, "");
  return trimmed === "" ? ZERO : { digits: trimmed, point: point - lead };
}

/** Shortest round-trip digits of a finite double (its sign is ignored). */
export function shortestDigits(x: number): DecimalDigits {
  if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`);
  if (x === 0) return ZERO;
  const text = Math.abs(x).toString(); // "123.45", "0.000123", "1.5e+21", "1e-7"
  const [mantissa = "", exponent = "0"] = text.split("e");
  const dot = mantissa.indexOf(".");
  const intLength = dot === -1 ? mantissa.length : dot;
  return normalise(mantissa.replace(".", ""), intLength + Number(exponent));
}

const FLOAT = new Float64Array(1);
const BITS = new BigUint64Array(FLOAT.buffer);

/** The exact value of a finite double as DIGITS x 10^exponent (DIGITS an integer string). */
function exactDecimal(x: number): { digits: string; exponent: number } {
  FLOAT[0] = Math.abs(x);
  const bits = BITS[0]!;
  const biased = Number(bits >> 52n);
  const fraction = bits & ((1n << 52n) - 1n);
  const mantissa = biased === 0 ? fraction : fraction | (1n << 52n);
  const e = (biased === 0 ? 1 : biased) - 1075; // |x| = mantissa * 2^e
  // m * 2^-k = m * 5^k / 10^k: every double has a finite decimal expansion.
  if (e >= 0) return { digits: (mantissa << BigInt(e)).toString(), exponent: 0 };
  return { digits: (mantissa * 5n ** BigInt(-e)).toString(), exponent: e };
}

/**
 * |x| rounded half-to-even so that no digit is below 10^-fractionDigits (mode "fraction", numpy's
 * positional precision) or so that at most totalDigits significant digits remain (mode "total",
 * numpy's scientific precision + 1). Unlike numpy we do not stop early at the shortest digits:
 * callers use shortestDigits when those already fit, which is what Dragon4's unique mode does.
 */
export function roundedDigits(x: number, mode: "fraction" | "total", count: number): DecimalDigits {
  if (x === 0) return ZERO;
  const { digits, exponent } = exactDecimal(x);
  const point = digits.length + exponent;
  const keep = mode === "fraction" ? point + count : count; // digits of DIGITS to keep
  if (keep >= digits.length) return normalise(digits, point);
  if (keep < 0) return ZERO;
  const value = BigInt(digits);
  const unit = 10n ** BigInt(digits.length - keep);
  let quotient = value / unit;
  const twiceRemainder = (value % unit) * 2n;
  if (twiceRemainder > unit || (twiceRemainder === unit && quotient % 2n === 1n)) quotient += 1n;
  if (quotient === 0n) return ZERO;
  const text = quotient.toString();
  // A carry can add a digit (9.99 -> 10.0): the point moves with it.
  return normalise(text, point + text.length - keep);
}

/** Dragon4's unique mode with a cutoff: the shortest digits if they fit, else the rounded value. */
export function digitsWithin(x: number, mode: "fraction" | "total", count: number): DecimalDigits {
  const shortest = shortestDigits(x);
  const used = mode === "fraction" ? shortest.digits.length - shortest.point : shortest.digits.length;
  return used <= count ? shortest : roundedDigits(x, mode, count);
}
