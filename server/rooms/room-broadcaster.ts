// What a live room tells its clients, and how often. State changes are coalesced (a class
// arriving changes the state many times a second); ticks go out bucket by bucket, yielding in
// between, so one big class does not hold up the event loop for every other room.
import type { RoomModel } from "../../lib/room/room-model";
import type { ActiveRound } from "../../lib/room/room-model";
import {
  finishedFor, hostState, hostTick, leaderboard, studentState, studentTick, yourRun,
} from "../../lib/room/room-views";
import type { RosterEntry, RoundResult } from "../../lib/protocol";
import type { Clock } from "./clock";
import { STUDENT_BUCKETS, studentBucket, type RoomChannel } from "./room-channel";

// The host sees arrivals within 200 ms; students (who only see the count) once a second.
const HOST_STATE_THROTTLE_MS = 200;
const STUDENT_STATE_THROTTLE_MS = 1_000;
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

export class RoomBroadcaster {
  private hostStateTimer: unknown = null;
  private studentStateTimer: unknown = null;
  /** The current round's runs grouped by their students' broadcast bucket. */
  private rosterByBucket: RosterEntry[][] = [];
  /** Round and nicknames of the last `room:leaders`, to send it only when it changes. */
  private lastLeaders = "";

  constructor(
    private readonly model: RoomModel,
    private readonly channel: RoomChannel,
    private readonly clock: Clock,
  ) {}

  roundStarted(round: ActiveRound): void {
    this.rosterByBucket = Array.from({ length: STUDENT_BUCKETS }, () => []);
    for (const entry of round.roster) this.rosterByBucket[studentBucket(entry.participantId)]!.push(entry);
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
    for (const timer of [this.hostStateTimer, this.studentStateTimer]) if (timer !== null) this.clock.clearTimeout(timer);
    this.hostStateTimer = this.studentStateTimer = null;
  }

  private studentStates(): void {
    for (const participant of this.model.activeParticipants) {
      if (participant.connections > 0) this.channel.toParticipant(participant.id, "room:state", studentState(this.model, participant));
    }
  }

  /** A student back mid-round gets the leaderboard's names at once (they are sent on change only). */
  leadersTo(participantId: string, round: ActiveRound): void {
    this.channel.toParticipant(participantId, "room:leaders", { round: round.number, nicknames: leaderboard(round).nicknames });
  }

  /**
   * One step's news: every loss to the host (binary), then bucket by bucket the shared leaderboard
   * (one broadcast per bucket) and each student's own run.
   */
  async tick(round: ActiveRound): Promise<void> {
    const now = this.clock.now();
    this.channel.toHost("room:tick", hostTick(round, now));
    const { top, nicknames } = leaderboard(round);
    const leadersKey = `${round.number}\n${nicknames.join("\n")}`;
    if (leadersKey !== this.lastLeaders) {
      this.lastLeaders = leadersKey;
      this.channel.toStudents("all", "room:leaders", { round: round.number, nicknames });
    }
    const tick = studentTick(round, top, now);
    for (const [bucket, entries] of this.rosterByBucket.entries()) {
      this.channel.toStudents(bucket, "room:tick", tick);
      for (const entry of entries) {
        const participant = this.model.participants.get(entry.participantId);
        if (participant && participant.connections > 0 && !participant.kicked)
          this.channel.toParticipant(entry.participantId, "room:you", yourRun(round, entry.index));
      }
      if (entries.length > 0) await nextTurn(); // measured: even 60 sockets a bucket add up to ~50 ms stalls
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
