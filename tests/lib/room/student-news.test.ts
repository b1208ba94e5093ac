// Students' copies made from room-wide news equal what the room would have sent each student
// directly: their state, their own run at every step, their results.
import { describe, expect, it } from "vitest";
import {
  roundResults,
  finishedFor,
  hostState,
  leaderboard,
  studentState,
  tickNews,
  yourRun,
} from "../../../lib/room/room-views";
import { RunTable, runIndexByParticipant, studentFinished, studentStateFrom } from "../../../lib/room/student-news";
import { lessonRoom } from "../../helpers/room-fixtures";

// Rates that converge, crawl and diverge (the lesson's stable limit is 2.4e-4), and one with no run.
const RATES = [1e-5, 2e-4, 3e-4, 1, null, 5e-5];

function playedRoom(steps: number) {
  const model = lessonRoom(RATES, { maxSteps: 40 });
  const started = model.start();
  if (!started.ok) throw new Error(started.message);
  for (let k = 0; k < steps; k++) model.advance();
  return { model, round: started.round };
}

describe("student news", () => {
  it("a student's state from the host's view is exactly their own state, and shows nobody else", () => {
    const { model } = playedRoom(3);
    const host = hostState(model);
    for (const participant of model.activeParticipants) {
      const view = host.participants.find((p) => p.id === participant.id)!;
      const derived = studentStateFrom(host, view);
      expect(derived).toEqual(studentState(model, participant));
      expect(Object.keys(derived)).not.toContain("participants");
      expect(Object.keys(derived)).not.toContain("roster");
      expect(Object.keys(derived)).not.toContain("sessionId");
    }
  });

  it("every student's run read from a step's table equals their run in the room, at every step", () => {
    const model = lessonRoom(RATES, { maxSteps: 40 });
    const started = model.start();
    if (!started.ok) throw new Error(started.message);
    const runs = runIndexByParticipant(hostState(model));
    expect(runs.size).toBe(5); // the participant with no rate has no run
    for (let k = 0; k < 40 && model.status === "running"; k++) {
      model.advance();
      const table = new RunTable(tickNews(started.round, leaderboard(started.round).top, 0));
      for (const [participantId, run] of runs) {
        expect(table.you(run), `${participantId} at step ${k + 1}`).toEqual(yourRun(started.round, run));
      }
      expect(table.you(undefined)).toBeUndefined();
      expect(table.you(runs.size)).toBeUndefined();
    }
  });

  it("the news is a copy: stepping on does not change a step already sent", () => {
    const { model, round } = playedRoom(2);
    const news = tickNews(round, leaderboard(round).top, 0);
    const before = new RunTable(news).you(0);
    model.advance();
    expect(new RunTable(news).you(0)).toEqual(before);
    expect(new Float64Array(news.host.losses)[0]).not.toBe(round.batch.losses[0]);
  });

  it("a student's results are the top ten and their own run", () => {
    const rates = Array.from({ length: 14 }, (_, i) => 1e-5 * (i + 1));
    const model = lessonRoom(rates, { maxSteps: 5 });
    model.start();
    while (model.status === "running") model.advance();
    const round = model.round!;
    const all = finishedFor(round, roundResults(round));
    const last = all.results.at(-1)!;
    expect(studentFinished(all, last).results).toEqual([...all.results.slice(0, 10), last]);
    expect(studentFinished(all, all.results[0]!).results).toEqual(all.results.slice(0, 10));
    expect(studentFinished(all, null).results).toEqual(all.results.slice(0, 10));
    expect(studentFinished(all, last).runs).toBe(14);
  });
});
