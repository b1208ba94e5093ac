// The ticks a phone has shown of the current round, by step, each with the leader names in effect
// then: a replayed step (after another server process took the room over) is recognised and skipped,
// and a state that stops the round at an earlier step can show that step's numbers again.
// A tick is ~250 bytes: a whole round of 10,000 steps stays within a few megabytes.
import type { Leaders, RoomStatus, StudentTick } from "../../../lib/protocol";
import { rewindStep, tickVerdict, type ShownStep, type TickVerdict } from "../../_lib/tick-order";

export interface SeenTick {
  tick: StudentTick;
  leaders: Leaders | null;
}

export class SeenTicks {
  private shown: ShownStep | null = null;
  private byStep: (SeenTick | undefined)[] = [];

  /** The round and step shown; null before the first tick (or after a reset). */
  get current(): ShownStep | null {
    return this.shown && { ...this.shown };
  }

  /** Records a tick unless it was shown already (or is of an older round); says which it was. */
  accept(tick: StudentTick, leaders: Leaders | null): TickVerdict {
    const verdict = tickVerdict(this.shown, tick);
    if (verdict === "skip") return verdict;
    if (verdict === "restart") this.byStep = [];
    this.shown = { round: tick.round, step: tick.step };
    this.byStep[tick.step] = { tick, leaders };
    return verdict;
  }

  /**
   * A state for a step below the one shown (app/_lib/tick-order.ts rewindStep): forgets the later
   * steps and returns the step to show now with the newest tick seen up to it (null: none seen,
   * e.g. the page was loaded after it). undefined: the state changes nothing here.
   */
  rewind(state: ShownStep & { status: RoomStatus }): { step: number; seen: SeenTick | null } | undefined {
    const step = rewindStep(this.shown, state);
    if (step === null) return undefined;
    this.byStep.length = Math.min(this.byStep.length, step + 1);
    this.shown = { round: state.round, step };
    let at = step;
    while (at >= 0 && this.byStep[at] === undefined) at--;
    return { step, seen: at >= 0 ? this.byStep[at]! : null };
  }

  /** Back in the lobby: the steps held are not needed any more. The round and step shown are kept,
   *  so a late tick of that round is still skipped; the next round's first tick starts afresh. */
  forgetSteps(): void {
    this.byStep = [];
  }
}
