// What each kind of client is sent about a room. Hosts see everybody; a student's payloads stay
// small whatever the class size (a phone on school Wi-Fi, ten ticks a second).
import { statusAt, statusName } from "../gd";
import type {
  HostRoomState,
  HostTick,
  ParticipantView,
  RoundFinished,
  RoundResult,
  StudentRoomState,
  StudentTick,
  YourRun,
} from "../protocol";
import type { ActiveRound, ParticipantRecord, RoomModel } from "./room-model";
import type { TickNews } from "./student-news";

export const LEADERBOARD_SIZE = 3;

function participantView(p: ParticipantRecord): ParticipantView {
  const { id, nickname, learningRate, optimizer, momentum } = p;
  return { id, nickname, learningRate, optimizer, momentum, connected: p.connections > 0 };
}

function baseState(room: RoomModel) {
  const round = room.round;
  const showingRound = round !== null && room.status !== "lobby";
  return {
    code: room.init.code,
    title: room.init.title,
    status: room.status,
    locked: room.locked,
    round: room.roundsPlayed,
    step: showingRound ? round.batch.step : 0,
    settings: showingRound ? round.settings : room.settings,
    participantCount: room.activeCount,
  };
}

export function hostState(room: RoomModel): HostRoomState {
  return {
    ...baseState(room),
    view: "host",
    sessionId: room.init.sessionId,
    participants: room.activeParticipants.map(participantView),
    roster: room.round && room.status !== "lobby" ? room.round.roster : [],
  };
}

export function studentState(room: RoomModel, participant: ParticipantRecord): StudentRoomState {
  return { ...baseState(room), view: "student", you: participantView(participant) };
}

function copyBuffer(view: Float64Array | Uint8Array): ArrayBuffer {
  return view.slice().buffer;
}

export function hostTick(round: ActiveRound, sentAt: number): HostTick {
  const { batch } = round;
  return {
    view: "host",
    round: round.number,
    step: batch.step,
    sentAt,
    losses: copyBuffer(batch.losses),
    statuses: copyBuffer(batch.status),
  };
}

/** The top of the leaderboard as [rank, loss, status] triples, and their nicknames. */
export function leaderboard(
  round: ActiveRound,
  size = LEADERBOARD_SIZE,
): { top: StudentTick["top"]; nicknames: string[] } {
  const top: StudentTick["top"] = [];
  const nicknames: string[] = [];
  const count = Math.min(size, round.order.length);
  for (let position = 0; position < count; position++) {
    const run = round.order[position]!;
    top.push([round.ranks[run]!, round.batch.losses[run]!, statusAt(round.batch.status, run)]);
    nicknames.push(round.roster[run]!.nickname);
  }
  return { top, nicknames };
}

export function studentTick(round: ActiveRound, top: StudentTick["top"], sentAt: number): StudentTick {
  return { view: "student", round: round.number, step: round.batch.step, sentAt, runs: round.roster.length, top };
}

export function yourRun(round: ActiveRound, run: number): YourRun {
  const { batch } = round;
  return [batch.losses[run]!, statusAt(batch.status, run), round.ranks[run]!, batch.divergedAtStep[run]!];
}

export function roundResults(round: ActiveRound): RoundResult[] {
  const { batch, series } = round;
  return Array.from(round.order, (run) => {
    const entry = round.roster[run]!;
    const divergedAt = batch.divergedAtStep[run]!;
    return {
      rank: round.ranks[run]!,
      participantId: entry.participantId,
      nickname: entry.nickname,
      learningRate: entry.learningRate,
      optimizer: entry.optimizer,
      momentum: entry.momentum,
      status: statusName(statusAt(batch.status, run)),
      finalLoss: series.last(run) ?? null,
      divergedAtStep: divergedAt >= 0 ? divergedAt : null,
      steps: series.length(run) - 1,
    };
  });
}

/** Every result for the host (students' copies: studentFinished in ./student-news). */
export function finishedFor(round: ActiveRound, results: RoundResult[]): RoundFinished {
  return { round: round.number, settings: round.settings, results, runs: results.length };
}

/** One step's news for the whole room: the host's tick and the table students' ticks come from. */
export function tickNews(round: ActiveRound, top: StudentTick["top"], sentAt: number): TickNews {
  return {
    host: hostTick(round, sentAt),
    student: studentTick(round, top, sentAt),
    ranks: round.ranks.slice().buffer,
    divergedAt: round.batch.divergedAtStep.slice().buffer,
  };
}
