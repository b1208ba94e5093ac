// Compact storage of loss series: little-endian float64 bytes, 8 bytes a step. A round of
// 1,000 runs x 1,000 steps is 8 MB in 1,000 rows, instead of a million rows.

export function encodeLosses(values: Float64Array): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(values.length * 8);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat64(i * 8, values[i]!, true);
  return bytes;
}

export function decodeLosses(bytes: Uint8Array): Float64Array {
  if (bytes.byteLength % 8 !== 0) throw new Error(`loss series of ${bytes.byteLength} bytes is not float64`);
  const values = new Float64Array(bytes.byteLength / 8);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < values.length; i++) values[i] = view.getFloat64(i * 8, true);
  return values;
}
