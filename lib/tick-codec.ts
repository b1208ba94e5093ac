// Host ticks carry binary arrays. A browser receives them as ArrayBuffer, Node's socket.io-client
// as a Buffer (a view into a larger, possibly unaligned buffer): this reads either safely.
import type { HostTick } from "./protocol";

function bytesOf(value: unknown): Uint8Array {
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  throw new TypeError("expected binary data");
}

export function decodeHostTick(tick: HostTick): { losses: Float64Array; statuses: Uint8Array } {
  const lossBytes = bytesOf(tick.losses);
  // Copy into a fresh, 8-byte aligned buffer; the platform is little-endian everywhere we run.
  const losses = new Float64Array(lossBytes.slice().buffer);
  return { losses, statuses: bytesOf(tick.statuses).slice() };
}
