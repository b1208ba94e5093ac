// CSV export of a session: one row per (round, participant, step).
import type { StoredSessionHistory } from "../db/history-repo";

/**
 * The run's optimiser and beta (empty unless "momentum") come last, after the columns exports had
 * before optimisers existed, so a spreadsheet or script reading columns by position still works.
 */
export const CSV_HEADER = [
  "round",
  "participant_id",
  "nickname",
  "learning_rate",
  "status",
  "step",
  "loss",
  "optimizer",
  "momentum",
];

/** Quotes a field; a leading = + - @ is neutralised so spreadsheets do not run it as a formula. */
export function csvField(value: string | number | null): string {
  if (value === null) return "";
  if (typeof value === "number") return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n']/.test(safe) || safe !== value ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function* sessionCsvLines(history: StoredSessionHistory): Generator<string> {
  yield CSV_HEADER.join(",") + "\r\n";
  for (const round of history.rounds) {
    for (const run of round.runs) {
      const prefix = [
        round.number,
        csvField(run.participantId),
        csvField(run.nickname),
        run.learningRate,
        csvField(run.status),
      ].join(",");
      const suffix = [csvField(run.optimizer), csvField(run.momentum)].join(",");
      for (let step = 0; step < run.losses.length; step++) yield `${prefix},${step},${run.losses[step]},${suffix}\r\n`;
    }
  }
}
