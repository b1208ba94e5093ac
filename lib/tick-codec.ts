// Host ticks carry binary arrays. A browser receives them as ArrayBuffer, Node's socket.io-client
// as a Buffer (a view into a larger, possibly unaligned buffer): this reads either safely.
import { statusName } from "./gd/outcome";
import type { HostTick, LeaderboardEntry, Leaders, RunStatus, StudentTick } from "./protocol";

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

/** What a student page shows after a step: the shared tick, the names, and the student's run. */
export interface StudentTickView {
  round: number;
  step: number;
  sentAt: number;
  runs: number;
  top: LeaderboardEntry[];
  you?: { loss: number; status: RunStatus; rank: number; divergedAtStep: number | null };
}

/** Puts a tick and the leader names (sent only when they change) together for display. */
export function assembleStudentTick(tick: StudentTick, leaders: Leaders | null): StudentTickView {
  const names = leaders?.round === tick.round ? leaders.nicknames : [];
  const view: StudentTickView = {
    round: tick.round,
    step: tick.step,
    sentAt: tick.sentAt,
    runs: tick.runs,
    top: tick.top.map(([rank, loss, status], i) => ({
      rank,
      loss,
      status: statusName(status),
      nickname: names[i] ?? "…",
    })),
  };
  if (tick.you) {
    const [loss, status, rank, divergedAtStep] = tick.you;
    view.you = {
      loss,
      status: statusName(status),
      rank,
      divergedAtStep: divergedAtStep >= 0 ? divergedAtStep : null,
    };
  }
  return view;
}
