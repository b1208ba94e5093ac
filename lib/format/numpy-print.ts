// What print(arr) / str(arr) shows for a float64 array under numpy's default print options
// (numpy 2.x: precision 8, floatmode "maxprec", suppress False, sign "-", linewidth 75), ported
// from numpy/_core/arrayprint.py: FloatingFormat.fillFormat / __call__ for the element format,
// _formatArray / _extendLine for brackets and wrapping. Not ported: summarisation of arrays over
// 1000 elements (rejected here), legacy modes, other dtypes and print options.

import { digitsWithin, type DecimalDigits } from "./float-digits";

export type NumpyArrayInput = number | readonly NumpyArrayInput[];

const PRECISION = 8;
const LINE_WIDTH = 75;
const THRESHOLD = 1000;
/** 10 ** min(8, finfo(float64).precision): values this large switch the array to scientific. */
const EXP_CUTOFF_MAX = 1e8;

function signbit(x: number): boolean {
  return x < 0 || Object.is(x, -0);
}

interface Parts {
  int: string;
  frac: string;
  /** Scientific only: "+" or "-", and the exponent's digits. */
  expSign: string;
  exp: string;
}

/** Dragon4 with unique digits and trim "." (first pass): integer part with sign, fraction, exponent. */
function parts(x: number, scientific: boolean): Parts {
  const sign = signbit(x) ? "-" : "";
  const d: DecimalDigits = scientific
    ? digitsWithin(x, "total", PRECISION + 1)
    : digitsWithin(x, "fraction", PRECISION);
  if (scientific) {
    const exponent = x === 0 ? 0 : d.point - 1;
    const expSign = exponent < 0 ? "-" : "+";
    return { int: sign + d.digits[0], frac: d.digits.slice(1), expSign, exp: String(Math.abs(exponent)) };
  }
  const fixed = { expSign: "", exp: "" };
  if (d.point <= 0) return { int: `${sign}0`, frac: "0".repeat(-d.point) + d.digits, ...fixed };
  if (d.point >= d.digits.length)
    return { int: sign + d.digits + "0".repeat(d.point - d.digits.length), frac: "", ...fixed };
  return { int: sign + d.digits.slice(0, d.point), frac: d.digits.slice(d.point), ...fixed };
}

/** FloatingFormat: one element format shared by the whole array (common widths). */
export function floatingFormat(values: readonly number[]): (x: number) => string {
  const finite = values.filter((v) => Number.isFinite(v));
  const nonZero = finite.filter((v) => v !== 0).map(Math.abs);
  let scientific = false;
  if (nonZero.length > 0) {
    const max = Math.max(...nonZero);
    const min = Math.min(...nonZero);
    scientific = max >= EXP_CUTOFF_MAX || min < 0.0001 || max / min > 1000;
  }
  const all = finite.map((v) => ({ v, p: parts(v, scientific) }));
  let padLeft = 0;
  let padRight = 0;
  let precision = 0;
  let expSize = 0;
  for (const { p } of all) {
    padLeft = Math.max(padLeft, p.int.length);
    precision = Math.max(precision, p.frac.length);
    expSize = Math.max(expSize, p.exp.length, 2);
  }
  padRight = scientific ? expSize + 2 + precision : precision;
  if (finite.length === 0) padLeft = padRight = 0;
  if (finite.length !== values.length) {
    const negInf = values.some((v) => v === -Infinity) ? 1 : 0;
    const offset = padRight + 1;
    padLeft = Math.max(padLeft, 3 - offset, 3 + negInf - offset);
  }
  return (x: number): string => {
    if (!Number.isFinite(x)) {
      let word = x < 0 ? "-inf" : "inf";
      if (Number.isNaN(x)) word = "nan";
      return word.padStart(padLeft + padRight + 1);
    }
    const p = parts(x, scientific);
    if (scientific) {
      return `${p.int.padStart(padLeft)}.${p.frac.padEnd(precision, "0")}e${p.expSign}${p.exp.padStart(expSize, "0")}`;
    }
    return `${p.int.padStart(padLeft)}.${p.frac.padEnd(padRight)}`;
  };
}

function shapeOf(a: NumpyArrayInput): number[] {
  if (typeof a === "number") return [];
  if (a.length === 0) return [0];
  return [a.length, ...shapeOf(a[0]!)];
}

function flatten(a: NumpyArrayInput, out: number[]): number[] {
  if (typeof a === "number") out.push(a);
  else for (const item of a) flatten(item, out);
  return out;
}

function checkRectangular(a: NumpyArrayInput, shape: readonly number[]): void {
  if (typeof a === "number") {
    if (shape.length !== 0) throw new RangeError("ragged array");
    return;
  }
  if (shape.length === 0 || a.length !== shape[0]) throw new RangeError("ragged array");
  for (const item of a) checkRectangular(item, shape.slice(1));
}

/** _extendLine (numpy > 1.13): wrap before a word that would pass the width, unless the line is empty. */
function extendLine(s: string, line: string, word: string, width: number, prefix: string): [string, string] {
  if (line.length + word.length > width && line.length > prefix.length) {
    s += line.trimEnd() + "\n";
    line = prefix;
  }
  return [s, line + word];
}

/** str(arr) for an array of float64 given as nested arrays (1-D, 2-D, ...); a bare number is a 0-d array. */
export function numpyArrayStr(array: NumpyArrayInput): string {
  const shape = shapeOf(array);
  checkRectangular(array, shape);
  const flat = flatten(array, []);
  if (shape.length === 0) throw new RangeError("a 0-d array prints as its scalar: use pythonFloatRepr");
  if (flat.length === 0) return "[]";
  if (flat.length > THRESHOLD) throw new RangeError("arrays over 1000 elements are summarised by numpy: not supported");
  const format = floatingFormat(flat);
  const recurse = (a: NumpyArrayInput, indent: string, width: number): string => {
    if (typeof a === "number") return format(a);
    const nextIndent = indent + " ";
    const nextWidth = width - 1; // the "]"
    let s = "";
    if (typeof a[0] === "number") {
      const elemWidth = width - 1; // max(len(separator.rstrip()), len("]"))
      let line = indent;
      a.forEach((item, i) => {
        [s, line] = extendLine(s, line, recurse(item, nextIndent, nextWidth), elemWidth, indent);
        if (i < a.length - 1) line += " ";
      });
      s += line;
    } else {
      const depthLeft = shapeOf(a).length;
      const lineSep = "\n".repeat(depthLeft - 1);
      s = a.map((item) => indent + recurse(item, nextIndent, nextWidth)).join(lineSep);
    }
    return "[" + s.slice(indent.length) + "]";
  };
  return recurse(array, " ", LINE_WIDTH);
}
