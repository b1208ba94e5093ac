// What each kind of client is sent about a room. Hosts see everybody; a student's payloads stay
// small whatever the class size (a phone on school Wi-Fi, ten ticks a second).
import { STATUS_NAMES } from "../gd";
import type {
  HostRoomState,
  HostTick,
  LeaderboardEntry,
  ParticipantView,
  RoundFinished,
  RoundResult,
  StudentRoomState,
  StudentTick,
} from "../protocol";
import type { ActiveRound, ParticipantRecord, RoomModel } from "./room-model";

export const LEADERBOARD_SIZE = 3;
export const STUDENT_RESULTS_SIZE = 10;

function participantView(p: ParticipantRecord): ParticipantView {
  return { id: p.id, nickname: p.nickname, learningRate: p.learningRate, connected: p.connections > 0 };
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
    participantCount: room.activeParticipants.length,
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
  return view.slice().buffer as ArrayBuffer;
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

export function leaderboard(round: ActiveRound, size = LEADERBOARD_SIZE): LeaderboardEntry[] {
  const top: LeaderboardEntry[] = [];
  const count = Math.min(size, round.order.length);
  for (let position = 0; position < count; position++) {
    const run = round.order[position]!;
    top.push({
      rank: round.ranks[run]!,
      nickname: round.roster[run]!.nickname,
      loss: round.batch.losses[run]!,
      status: STATUS_NAMES[round.batch.status[run]!]!,
    });
  }
  return top;
}

/** The part of a student tick that is the same for every student of the room. */
export function studentTickShared(round: ActiveRound, sentAt: number): StudentTick {
  return {
    view: "student",
    round: round.number,
    step: round.batch.step,
    sentAt,
    runs: round.roster.length,
    top: leaderboard(round),
  };
}

export function personalise(shared: StudentTick, round: ActiveRound, run: number | undefined): StudentTick {
  if (run === undefined) return shared;
  const { batch } = round;
  const divergedAt = batch.divergedAtStep[run]!;
  return {
    ...shared,
    you: {
      loss: batch.losses[run]!,
      status: STATUS_NAMES[batch.status[run]!]!,
      rank: round.ranks[run]!,
      divergedAtStep: divergedAt >= 0 ? divergedAt : null,
    },
  };
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
      status: STATUS_NAMES[batch.status[run]!] as RoundResult["status"],
      finalLoss: series.last(run) ?? null,
      divergedAtStep: divergedAt >= 0 ? divergedAt : null,
      steps: series.length(run) - 1,
    };
  });
}

export function finishedFor(round: ActiveRound, results: RoundResult[], participantId?: string): RoundFinished {
  const base = { round: round.number, settings: round.settings, runs: results.length };
  if (participantId === undefined) return { ...base, results };
  const top = results.slice(0, STUDENT_RESULTS_SIZE);
  const own = results.find((r) => r.participantId === participantId);
  return { ...base, results: own && !top.includes(own) ? [...top, own] : top };
}
