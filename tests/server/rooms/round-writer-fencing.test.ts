// RoundWriter with a fence (one of several processes): every write carries it, and a write storage
// refuses for it (FencedOutError: a newer owner has the room) is not an outage. The writer stops
// for good, tries nothing again, tells its hook once and never warns the host of the database.
import { describe, expect, it } from "vitest";
import type { FencedOutError } from "../../../server/db/fenced-out-error";
import { RoundWriter } from "../../../server/rooms/round-writer";
import { ManualClock } from "../../helpers/manual-clock";
import { MemoryStores } from "../../helpers/memory-stores";
import { lessonRoom } from "../../helpers/room-fixtures";

function fencedWriter(fence?: number) {
  const clock = new ManualClock();
  const stores = new MemoryStores();
  const health: string[] = [];
  const fencedOut: FencedOutError[] = [];
  const model = lessonRoom([1e-5, 0.1]);
  const started = model.start();
  if (!started.ok) throw new Error(started.message);
  const writer = new RoundWriter(
    stores.rounds,
    started.round,
    clock,
    { degraded: () => health.push("degraded"), recovered: () => health.push("recovered") },
    undefined,
    fence === undefined ? undefined : { fence, onFencedOut: (error) => fencedOut.push(error) },
  );
  return { clock, stores, health, fencedOut, model, writer };
}

describe("RoundWriter with a fence", () => {
  it("passes its fence with every write; without one, none", async () => {
    for (const fence of [4, undefined]) {
      const { stores, model, writer } = fencedWriter(fence);
      await writer.start("s", new Date(0));
      model.advance();
      await writer.flush();
      await writer.finish("interrupted", new Date(1));
      expect(stores.writes.map((w) => w.kind)).toEqual(["startRound", "appendChunk", "finishRound"]);
      expect(stores.fences).toEqual([fence, fence, fence]);
      expect(writer.fencedOut).toBe(false);
    }
  });

  it("fenced out: stops for good, retries nothing, calls the hook once, no storage warning", async () => {
    const { clock, stores, health, fencedOut, model, writer } = fencedWriter(4);
    await writer.start("s", new Date(0));
    stores.ownerFence = 5; // another process has claimed the room
    model.advance();
    await writer.flush();
    expect(writer.fencedOut).toBe(true);
    expect(fencedOut).toHaveLength(1);
    expect(fencedOut[0]).toMatchObject({ name: "FencedOutError", fence: 4, ownerFence: 5n });
    await clock.advance(60_000); // no back-off timer: nothing is tried again
    model.advance();
    await writer.flush();
    await writer.finish("finished", new Date(1));
    expect(stores.attempts).toEqual(["startRound", "appendChunk"]);
    expect(stores.writes.map((w) => w.kind)).toEqual(["startRound"]);
    expect(health).toEqual([]);
    expect(fencedOut).toHaveLength(1);
    expect(clock.pending).toBe(0);
  });

  it("fenced out while retrying through an outage: the outage is reported, then it stops without 'recovered'", async () => {
    const { clock, stores, health, fencedOut, model, writer } = fencedWriter(4);
    stores.failNext("startRound", 2);
    const started = writer.start("s", new Date(0));
    model.advance();
    const flushed = writer.flush(); // queued behind the failing start
    await clock.advance(50);
    expect(health).toEqual(["degraded"]);
    stores.ownerFence = 9; // taken over meanwhile
    await clock.advance(1_000);
    await started;
    await flushed;
    expect(stores.attempts).toEqual(["startRound", "startRound", "startRound"]);
    expect(stores.writes).toEqual([]);
    expect(health).toEqual(["degraded"]);
    expect(fencedOut).toHaveLength(1);
    await clock.advance(60_000);
    expect(stores.attempts).toHaveLength(3);
  });

  it("a fence equal to or newer than the claimed one writes as usual", async () => {
    const { stores, fencedOut, model, writer } = fencedWriter(4);
    stores.ownerFence = 4;
    await writer.start("s", new Date(0));
    model.advance();
    await writer.flush();
    expect(stores.writes.map((w) => w.kind)).toEqual(["startRound", "appendChunk"]);
    expect(fencedOut).toEqual([]);
  });
});
