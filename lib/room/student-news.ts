// What each student is sent, derived from news about the whole room: the host's view of the state,
// one step's table of every run, the round's results. A room's owner sends each piece of news once
// to every process holding sockets of the room; each process derives its own students' messages
// from it, so a class spread over several processes costs a message per process, not per student.
import type {
  HostRoomState,
  HostTick,
  ParticipantView,
  RoundFinished,
  RoundResult,
  RunStatusCode,
  StudentRoomState,
  StudentTick,
  YourRun,
} from "../protocol";

export const STUDENT_RESULTS_SIZE = 10;

/** One step, for everybody: the host's tick, and what every student's own tick is made of. */
export interface TickNews {
  host: HostTick;
  /** The part of a student's tick that is the same for everyone. */
  student: Omit<StudentTick, "you">;
  /** Int32 per run: its 1-based rank, and the step it diverged at (-1: it has not). */
  ranks: ArrayBuffer;
  divergedAt: ArrayBuffer;
}

/** A student's room state: the room-wide part of the host's view, and themselves (nothing else). */
export function studentStateFrom(host: HostRoomState, you: ParticipantView): StudentRoomState {
  const { code, title, status, locked, round, step, settings, participantCount } = host;
  return { code, title, status, locked, round, step, settings, participantCount, view: "student", you };
}

/** Each participant's run index in the round the host's view shows (empty in the lobby). */
export function runIndexByParticipant(host: HostRoomState): Map<string, number> {
  return new Map(host.roster.map((entry) => [entry.participantId, entry.index]));
}

/** Reads students' own runs out of one step's news. */
export class RunTable {
  private readonly losses: Float64Array;
  private readonly statuses: Uint8Array;
  private readonly ranks: Int32Array;
  private readonly divergedAt: Int32Array;

  constructor(news: TickNews) {
    this.losses = new Float64Array(news.host.losses);
    this.statuses = new Uint8Array(news.host.statuses);
    this.ranks = new Int32Array(news.ranks);
    this.divergedAt = new Int32Array(news.divergedAt);
  }

  get runs(): number {
    return this.losses.length;
  }

  /** Run `run`'s [loss, status, rank, divergedAtStep]; undefined outside the round. */
  you(run: number | undefined): YourRun | undefined {
    if (run === undefined || run < 0 || run >= this.losses.length) return undefined;
    return [this.losses[run]!, this.statuses[run] as RunStatusCode, this.ranks[run]!, this.divergedAt[run]!];
  }
}

/** A student's results: the top ten, and their own when it is not among them (null: no run). */
export function studentFinished(all: RoundFinished, own: RoundResult | null): RoundFinished {
  const top = all.results.slice(0, STUDENT_RESULTS_SIZE);
  return { ...all, results: own && !top.includes(own) ? [...top, own] : top };
}
