// Compact storage of loss series: float64 little-endian bytes, base64 text (10.7 bytes a step).
// A round of 1,000 runs x 1,000 steps is ~11 MB in 1,000 rows instead of a million rows.
// Text rather than bytea: the embedded database (PGlite) moves bytea through a hex text form
// that was ~30x slower to read and ~4x slower to write here (see docs/performance.md). The columns
// are STORAGE EXTERNAL: PostgreSQL's pglz gains nothing on this text and trying was most of the
// cost of storing a round (decision 0003).
import { endianness } from "node:os";

const LITTLE_ENDIAN = endianness() === "LE";

export function encodeLosses(values: Float64Array): string {
  if (LITTLE_ENDIAN) return Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString("base64");
  const bytes = Buffer.alloc(values.length * 8);
  for (let i = 0; i < values.length; i++) bytes.writeDoubleLE(values[i]!, i * 8);
  return bytes.toString("base64");
}

export function decodeLosses(text: string): Float64Array {
  const bytes = Buffer.from(text, "base64");
  if (bytes.byteLength % 8 !== 0) throw new Error(`loss series of ${bytes.byteLength} bytes is not float64`);
  const values = new Float64Array(bytes.byteLength / 8);
  if (LITTLE_ENDIAN) new Uint8Array(values.buffer).set(bytes);
  else for (let i = 0; i < values.length; i++) values[i] = bytes.readDoubleLE(i * 8);
  return values;
}
