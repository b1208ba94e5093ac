// Whether a tick or a state moves what a client shows. When the process running a room dies, another
// one takes the room over from its last stored step (stored about once a second) and plays on, so
// clients can be sent steps they have already shown (they saw 1..57, the new owner sends 51, 52, ...).
// The core is deterministic, so a replayed step is the same as the one shown: it is skipped, never
// drawn or counted twice. Host and student pages decide it here, the same way.
import type { RoomStatus } from "../../lib/protocol";

/** A round and the newest step of it a client shows. */
export interface ShownStep {
  round: number;
  step: number;
}

/**
 * "draw": the next step of the round shown. "skip": a step already shown (a replay after a
 * takeover, a duplicate after a reconnect) or a late tick of an older round. "restart": a round not
 * shown yet (or nothing shown at all): what was shown is replaced.
 */
export type TickVerdict = "draw" | "skip" | "restart";

export function tickVerdict(shown: ShownStep | null, tick: ShownStep): TickVerdict {
  checkStep(tick);
  if (shown === null || tick.round > shown.round) return "restart";
  if (tick.round < shown.round) return "skip";
  return tick.step > shown.step ? "draw" : "skip";
}

/**
 * The step to go back to when a state says the round stands at an earlier step than the one shown:
 * after a takeover the new owner may stop (pause, finish) at a step below what the old one had sent.
 * Ticks follow states in order and a room only moves forward, so this never happens otherwise.
 * While the round runs nothing is cut: the replayed steps are skipped until new ones come, which
 * avoids cutting a curve only to draw the same points again. null: nothing to go back on.
 */
export function rewindStep(shown: ShownStep | null, state: ShownStep & { status: RoomStatus }): number | null {
  checkStep(state);
  if (shown === null || state.round !== shown.round) return null;
  if (state.status !== "paused" && state.status !== "finished") return null;
  return state.step < shown.step ? state.step : null;
}

function checkStep(mark: ShownStep): void {
  if (!Number.isInteger(mark.round) || mark.round < 0 || !Number.isInteger(mark.step) || mark.step < 0)
    throw new RangeError(`not a round and step: ${String(mark.round)}/${String(mark.step)}`);
}
