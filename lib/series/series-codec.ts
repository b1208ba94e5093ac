// A reduced series in few bytes for the wire. Steps are strictly increasing and close together
// (a few per pixel column), so they go as differences in LEB128 varints: one byte each for any
// chart up to 128 steps a column. Values go as little-endian float64 (exact: the kept first,
// last, minimum and maximum stay bit for bit) or float32 (half the size, ~7 significant digits,
// far finer than a pixel of a log-scale chart, but no longer exact).
//
// Layout: [format byte][varint count][count varint step differences, the first from 0][values].
import type { ReducedSeries } from "./reduce-series";

export type ValueFormat = "f64" | "f32";

const FORMAT_BYTE: Record<ValueFormat, number> = { f64: 1, f32: 2 };
const VALUE_BYTES: Record<ValueFormat, number> = { f64: 8, f32: 4 };

function varintLength(value: number): number {
  let bytes = 1;
  while (value >= 0x80) {
    value = Math.floor(value / 0x80);
    bytes++;
  }
  return bytes;
}

export function encodeReducedSeries(series: ReducedSeries, format: ValueFormat = "f64"): Uint8Array {
  const { steps, values } = series;
  const count = steps.length;
  if (values.length !== count) throw new RangeError(`${count} steps but ${values.length} values`);
  let size = 1 + varintLength(count) + count * VALUE_BYTES[format];
  for (let i = 0; i < count; i++) {
    const gap = steps[i]! - (i > 0 ? steps[i - 1]! : 0);
    if (i > 0 && gap <= 0) throw new RangeError(`steps must increase: ${steps[i - 1]} then ${steps[i]}`);
    size += varintLength(gap);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  const writeVarint = (value: number) => {
    while (value >= 0x80) {
      bytes[at++] = (value & 0x7f) | 0x80;
      value = Math.floor(value / 0x80);
    }
    bytes[at++] = value;
  };
  bytes[at++] = FORMAT_BYTE[format];
  writeVarint(count);
  for (let i = 0; i < count; i++) writeVarint(steps[i]! - (i > 0 ? steps[i - 1]! : 0));
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < count; i++, at += VALUE_BYTES[format]) {
    if (format === "f64") view.setFloat64(at, values[i]!, true);
    else view.setFloat32(at, values[i]!, true);
  }
  return bytes;
}

export function decodeReducedSeries(bytes: Uint8Array): ReducedSeries {
  const fail = (why: string): never => {
    throw new RangeError(`not an encoded series: ${why}`);
  };
  const format = (Object.keys(FORMAT_BYTE) as ValueFormat[]).find((name) => FORMAT_BYTE[name] === bytes[0]);
  if (!format) return fail(`unknown format byte ${bytes[0]}`);
  let at = 1;
  const readVarint = () => {
    let value = 0;
    for (let scale = 1; ; scale *= 0x80) {
      if (at >= bytes.length) fail("it ends inside a number");
      if (scale > 2 ** 35) fail("a number is too long");
      const byte = bytes[at++]!;
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
    }
  };
  const count = readVarint();
  const steps = new Uint32Array(count);
  let step = 0;
  for (let i = 0; i < count; i++) {
    const gap = readVarint();
    if (i > 0 && gap === 0) fail("steps do not increase");
    step += gap;
    if (step > 0xffffffff) fail("a step is out of range");
    steps[i] = step;
  }
  const width = VALUE_BYTES[format];
  if (bytes.length !== at + count * width) fail(`${bytes.length - at} bytes left for ${count} values`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values = new Float64Array(count);
  for (let i = 0; i < count; i++, at += width)
    values[i] = format === "f64" ? view.getFloat64(at, true) : view.getFloat32(at, true);
  return { steps, values };
}
