// Reads one round back from GET /api/sessions/:id (also used while a round is still running:
// the server returns what it has flushed so far), and a stored round's results (the review page
// has them from the summary).
import type { RoundHistory, RunHistory, SessionHistory } from "../../../lib/api-types";
import { isStatusName } from "../../../lib/gd";
import type { RoundResult } from "../../../lib/protocol";

export type RunRecord = RunHistory;
export type RoundRecord = RoundHistory;
export type SessionRecord = SessionHistory;

export async function fetchSession(id: string): Promise<SessionRecord | null> {
  const response = await fetch(`/api/sessions/${encodeURIComponent(id)}`, { cache: "no-store" });
  if (response.status === 404) return null;
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return (await response.json()) as SessionRecord;
}

export async function fetchRoundHistory(sessionId: string, round: number): Promise<RoundRecord | null> {
  const session = await fetchSession(sessionId);
  return session?.rounds.find((r) => r.number === round) ?? null;
}

/** A stored run's results: the history's run or the summary's (which has its length, not its losses). */
export type ResultRun = Omit<RunHistory, "losses"> & { seriesLength: number };

export function resultsFromHistory(round: RoundRecord): RoundResult[] {
  return resultsFromRuns(round.runs.map((run) => ({ ...run, seriesLength: run.losses.length })));
}

export function resultsFromRuns(runs: readonly ResultRun[]): RoundResult[] {
  return runs.map((run, i) => ({
    rank: run.rank ?? i + 1,
    participantId: run.participantId,
    nickname: run.nickname,
    learningRate: run.learningRate,
    optimizer: run.optimizer,
    momentum: run.momentum,
    // An interrupted run stopped while still running.
    status: isStatusName(run.status) ? run.status : "running",
    finalLoss: run.finalLoss,
    divergedAtStep: run.divergedAtStep,
    steps: Math.max(0, run.seriesLength - 1),
  }));
}
