// At start-up: rounds left `running` that no room will take up again (their session ended while
// the process died, or has a later round) are closed as `interrupted`, keeping every stored step.
// Run outcomes come from replaying the (deterministic) core for the stored number of steps, as a
// restored room does (lib/room/active-round.ts). A live session's round in play is not touched
// here: its room comes back with it, paused (RoomRegistry.restoreUnfinished).
import { restoreActiveRound } from "../../lib/room/active-round";
import type { RoundRepository } from "../db/round-repo";
import { storedRuns, unreplayableRuns } from "./stored-runs";

export async function interruptOrphanedRounds(
  rounds: Pick<RoundRepository, "findOrphanedRounds" | "finishRound">,
  now: Date,
  log: (message: string) => void = () => {},
): Promise<number> {
  const orphaned = await rounds.findOrphanedRounds();
  for (const stored of orphaned) {
    const restored = restoreActiveRound(stored);
    if (!restored.ok) log(`round ${stored.id}: ${restored.message}; its runs are stored as interrupted`);
    const runs = restored.ok
      ? storedRuns(restored.round, (run) => restored.round.series.view(run))
      : unreplayableRuns(stored.roster, stored.series);
    await rounds.finishRound(stored.id, runs, "interrupted", now);
  }
  return orphaned.length;
}
