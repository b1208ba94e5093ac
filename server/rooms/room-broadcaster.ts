// What a live room tells its clients, and how often. State changes are coalesced (a class
// arriving changes the state many times a second). What every student gets a copy of (state, ticks,
// results) is handed to the channel as news about the whole room, which makes the copies
// (server/rooms/local-delivery.ts), yielding in between so one big class does not hold up the
// event loop for every other room.
import type { RoomModel } from "../../lib/room/room-model";
import type { ActiveRound } from "../../lib/room/room-model";
import { finishedFor, hostState, leaderboard, tickNews } from "../../lib/room/room-views";
import type { RoundResult } from "../../lib/protocol";
import type { Clock } from "./clock";
import type { RoomChannel } from "./room-channel";

// The host sees arrivals within 200 ms; students (who only see the count) once a second.
const HOST_STATE_THROTTLE_MS = 200;
const STUDENT_STATE_THROTTLE_MS = 1_000;

export class RoomBroadcaster {
  private hostStateTimer: unknown = null;
  private studentStateTimer: unknown = null;
  /** Round and nicknames of the last `room:leaders`, to send it only when it changes. */
  private lastLeaders = "";

  constructor(
    private readonly model: RoomModel,
    private readonly channel: RoomChannel,
    private readonly clock: Clock,
  ) {}

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
    this.channel.studentStates(hostState(this.model));
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
   * of the leaderboard and their own run (docs/performance.md). Leaders' names go first, and only
   * when they change.
   */
  async tick(round: ActiveRound): Promise<void> {
    const { top, nicknames } = leaderboard(round);
    const leadersKey = `${round.number}\n${nicknames.join("\n")}`;
    if (leadersKey !== this.lastLeaders) {
      this.lastLeaders = leadersKey;
      this.channel.toStudents("room:leaders", { round: round.number, nicknames });
    }
    await this.channel.tick(tickNews(round, top, this.clock.now()));
  }

  /** Ranked results: all of them to the host, the top and their own to each student. */
  async finished(round: ActiveRound, results: RoundResult[]): Promise<void> {
    await this.channel.finished(finishedFor(round, results));
    this.stateNow();
  }
}
