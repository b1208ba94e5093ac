// What a live room tells its clients, and how often. State changes are coalesced (a class
// arriving changes the state many times a second); ticks go out bucket by bucket, yielding in
// between, so one big class does not hold up the event loop for every other room.
import type { RoomModel } from "../../lib/room/room-model";
import type { ActiveRound } from "../../lib/room/room-model";
import {
  finishedFor,
  hostState,
  hostTick,
  leaderboard,
  studentState,
  studentTick,
  yourRun,
} from "../../lib/room/room-views";
import type { RoundResult } from "../../lib/protocol";
import type { Clock } from "./clock";
import type { RoomChannel } from "./room-channel";

// The host sees arrivals within 200 ms; students (who only see the count) once a second.
const HOST_STATE_THROTTLE_MS = 200;
const STUDENT_STATE_THROTTLE_MS = 1_000;
// Students sent a tick between two yields to the event loop (~3 ms of work at 2,000 students).
const STUDENTS_PER_TURN = 100;
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

export class RoomBroadcaster {
  private hostStateTimer: unknown = null;
  private studentStateTimer: unknown = null;
  /** Run index of each participant with a run in the current round. */
  private runIndex = new Map<string, number>();
  /** Round and nicknames of the last `room:leaders`, to send it only when it changes. */
  private lastLeaders = "";

  constructor(
    private readonly model: RoomModel,
    private readonly channel: RoomChannel,
    private readonly clock: Clock,
  ) {}

  roundStarted(round: ActiveRound): void {
    this.runIndex = new Map(round.roster.map((entry) => [entry.participantId, entry.index]));
  }

  /** Coalesced: many joins in a burst cost one state message per recipient, not one each. */
  state(): void {
    this.hostStateTimer ??= this.clock.setTimeout(() => {
      this.hostStateTimer = null;
      this.channel.toHost("room:state", hostState(this.model));
    }, HOST_STATE_THROTTLE_MS);
    this.studentStateTimer ??= this.clock.setTimeout(() => {
      this.studentStateTimer = null;
      this.studentStates();
    }, STUDENT_STATE_THROTTLE_MS);
  }

  /** Status changes reach everybody now, ahead of the ticks that follow them. */
  stateNow(): void {
    this.cancel();
    this.channel.toHost("room:state", hostState(this.model));
    this.studentStates();
  }

  cancel(): void {
    for (const timer of [this.hostStateTimer, this.studentStateTimer])
      if (timer !== null) this.clock.clearTimeout(timer);
    this.hostStateTimer = this.studentStateTimer = null;
  }

  private studentStates(): void {
    for (const participant of this.model.activeParticipants) {
      if (participant.connections > 0)
        this.channel.toParticipant(participant.id, "room:state", studentState(this.model, participant));
    }
  }

  /** A student back mid-round gets the leaderboard's names at once (they are sent on change only). */
  leadersTo(participantId: string, round: ActiveRound): void {
    this.channel.toParticipant(participantId, "room:leaders", {
      round: round.number,
      nicknames: leaderboard(round).nicknames,
    });
  }

  /**
   * One step's news: every loss to the host (binary), and to each student one frame with the top
   * of the leaderboard and their own run, yielding every few hundred students so other rooms'
   * timers and commands get in between (docs/performance.md).
   */
  async tick(round: ActiveRound): Promise<void> {
    const now = this.clock.now();
    this.channel.toHost("room:tick", hostTick(round, now));
    const { top, nicknames } = leaderboard(round);
    const leadersKey = `${round.number}\n${nicknames.join("\n")}`;
    if (leadersKey !== this.lastLeaders) {
      this.lastLeaders = leadersKey;
      this.channel.toStudents("room:leaders", { round: round.number, nicknames });
    }
    const send = this.channel.studentTicks(studentTick(round, top, now));
    let sent = 0;
    for (const participant of this.model.participants.values()) {
      if (participant.connections === 0 || participant.kicked) continue;
      const run = this.runIndex.get(participant.id);
      send(participant.id, run === undefined ? undefined : yourRun(round, run));
      if (++sent % STUDENTS_PER_TURN === 0) await nextTurn();
    }
  }

  /** Ranked results: all of them to the host, the top and their own to each student. */
  async finished(round: ActiveRound, results: RoundResult[]): Promise<void> {
    this.channel.toHost("room:finished", finishedFor(round, results));
    const byParticipant = new Map(results.map((result) => [result.participantId, result]));
    for (const [i, entry] of round.roster.entries()) {
      const own = byParticipant.get(entry.participantId) ?? null;
      this.channel.toParticipant(entry.participantId, "room:finished", finishedFor(round, results, own));
      if (i % 250 === 249) await nextTurn();
    }
    this.stateNow();
  }
}
