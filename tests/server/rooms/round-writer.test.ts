// RoundWriter on its own: writes go one at a time and in order, a failing write is retried with
// back-off on the room's clock (no sleeping), and the room hears once when storage fails and once
// when it is back.
import { describe, expect, it } from "vitest";
import { RoundWriter } from "../../../server/rooms/round-writer";
import { ManualClock } from "../../helpers/manual-clock";
import { MemoryStores } from "../../helpers/memory-stores";
import { lessonRoom } from "../../helpers/room-fixtures";

function playingRound(rates: number[]) {
  const model = lessonRoom(rates);
  const started = model.start();
  if (!started.ok) throw new Error(started.message);
  return { model, round: started.round };
}

function writer(rates = [1e-5, 1]) {
  const clock = new ManualClock();
  const stores = new MemoryStores();
  const health: string[] = [];
  const { model, round } = playingRound(rates);
  const roundWriter = new RoundWriter(stores.rounds, round, clock, {
    degraded: () => health.push("degraded"),
    recovered: () => health.push("recovered"),
  });
  return { clock, stores, health, model, roundWriter };
}

describe("RoundWriter", () => {
  it("stores the round, each flush's new steps once, and the final runs, in that order", async () => {
    const { stores, model, roundWriter } = writer();
    await roundWriter.start("s", new Date(0));
    for (let k = 0; k < 3; k++) model.advance();
    await roundWriter.flush();
    await roundWriter.flush(); // nothing new: no write
    for (let k = 0; k < 2; k++) model.advance();
    await roundWriter.flush();
    expect(stores.of("appendChunk").map((c) => [c.fromStep, c.toStep])).toEqual([
      [0, 4],
      [4, 6],
    ]);
    // Steps x runs; the run of lr = 1 stopped at step 1, so later rows hold NaN for it.
    const first = stores.of("appendChunk")[0]!.matrix;
    expect(first[0 * 2 + 1]).toBe(14871.802500000002);
    expect(first[1 * 2 + 1]).toBe(1026548766283.6302);
    expect(first[2 * 2 + 1]).toBeNaN();
    await roundWriter.finish("interrupted", new Date(1));
    expect(stores.writes.map((w) => w.kind)).toEqual(["startRound", "appendChunk", "appendChunk", "finishRound"]);
    const [finished] = stores.of("finishRound");
    expect(finished!.runs.map((r) => r.status)).toEqual(["interrupted", "diverged"]);
    expect(finished!.runs[0]!.losses).toHaveLength(6);
  });

  it("goes on with a round already stored: same row, only the steps after what is stored", async () => {
    const stores = new MemoryStores();
    const { model, round } = playingRound([1e-5, 1]);
    for (let k = 0; k < 4; k++) model.advance(); // storage holds steps 0..4 (as after a restart)
    const health = { degraded: () => {}, recovered: () => {} };
    const stored = { roundId: "stored-round", storedLength: 5 };
    const continued = new RoundWriter(stores.rounds, round, new ManualClock(), health, stored);
    expect(continued.roundId).toBe("stored-round");
    await continued.flush(); // nothing new yet
    model.advance();
    model.advance();
    await continued.flush();
    await continued.finish("finished", new Date(1));
    expect(stores.writes.map((w) => w.kind)).toEqual(["appendChunk", "finishRound"]);
    const [chunk] = stores.of("appendChunk");
    expect([chunk!.roundId, chunk!.fromStep, chunk!.toStep]).toEqual(["stored-round", 5, 7]);
    expect(Array.from(chunk!.matrix)).toEqual([...round.series.view(0).slice(5)].flatMap((loss) => [loss, NaN]));
    const [finished] = stores.of("finishRound");
    expect(finished!.roundId).toBe("stored-round");
    expect(finished!.runs[0]!.losses).toHaveLength(7); // the whole series, stored steps included
  });

  it("retries a failing write with back-off, keeps later writes behind it, and reports health once each way", async () => {
    const { clock, stores, health, model, roundWriter } = writer();
    stores.failNext("startRound", 4);
    const started = roundWriter.start("s", new Date(0));
    model.advance();
    const flushed = roundWriter.flush();
    await clock.flush();
    expect(health).toEqual(["degraded"]);
    expect(stores.writes).toEqual([]);
    // Back-off 100, 200, 400, 800 ms: not yet after 1,400 ms, stored after 1,500.
    await clock.advance(1_400);
    expect(stores.writes).toEqual([]);
    await clock.advance(100);
    await started;
    await flushed;
    expect(stores.writes.map((w) => w.kind)).toEqual(["startRound", "appendChunk"]);
    expect(health).toEqual(["degraded", "recovered"]);
  });

  it("doubles the back-off from 100 ms up to 5 s while the database stays away", async () => {
    const { clock, stores, roundWriter } = writer();
    stores.failAlways("startRound");
    void roundWriter.start("s", new Date(0));
    await clock.advance(60_000);
    // Tries at 0, 0.1, 0.3, 0.7, 1.5, 3.1 s, then every 5 s from 6.3 s: 6 + 11 tries by 60 s.
    expect(stores.attempts).toHaveLength(17);
    stores.recover();
    await clock.advance(5_000);
    expect(stores.of("startRound")).toHaveLength(1);
  });
});
