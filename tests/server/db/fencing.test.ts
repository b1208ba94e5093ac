// Fencing tokens on a real database: a process claims a live session with its lease fence, and the
// round writes carrying an older fence are refused whole (FencedOutError, nothing changed), while
// writes without a fence (one process) go on exactly as before.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openDatabase, type Database } from "../../../server/db/database";
import { FencedOutError } from "../../../server/db/fenced-out-error";
import { fencedWrite } from "../../../server/db/fencing";
import { encodeLosses } from "../../../server/db/loss-codec";
import { RoundRepository, type FinishedRun } from "../../../server/db/round-repo";
import { SessionRepository } from "../../../server/db/session-repo";
import { onBothDatabases } from "../../helpers/postgres";

const SETTINGS = {
  dataset: "lesson",
  standardized: false,
  maxSteps: 50,
  stepsPerSecond: 5,
  optimizers: ["gd"],
} as const;

onBothDatabases((name, target, cleanUp) => {
  describe(`fenced writes (${name})`, () => {
    let db: Database;
    let sessions: SessionRepository;
    let rounds: RoundRepository;
    beforeAll(async () => {
      db = await openDatabase(await target());
      sessions = new SessionRepository(db.prisma);
      rounds = new RoundRepository(db.prisma);
    });
    afterAll(async () => {
      await db?.close();
      await cleanUp();
    });

    let codes = 0;
    /** A live session with one participant and a round in play holding one chunk (steps 0..3). */
    async function roundInPlay() {
      const sessionId = crypto.randomUUID();
      const code = `FNC${String(++codes).padStart(3, "0")}`;
      await sessions.createSession({
        id: sessionId,
        code,
        title: "t",
        hostTokenHash: "h",
        settings: SETTINGS,
        createdAt: new Date(),
      });
      const participantId = crypto.randomUUID();
      const participant = { id: participantId, nickname: "Ada", nicknameKey: "ada", resumeTokenHash: "r" };
      await sessions.addParticipant(sessionId, participant, new Date());
      const roster = [
        { index: 0, participantId, nickname: "Ada", learningRate: 0.1, optimizer: "gd" as const, momentum: null },
      ];
      const roundId = crypto.randomUUID();
      await rounds.startRound({
        id: roundId,
        sessionId,
        number: 1,
        settings: SETTINGS,
        roster,
        startedAt: new Date(0),
      });
      await rounds.appendChunk(roundId, 0, 3, Float64Array.of(3, 2, 1));
      const run: FinishedRun = {
        participantId,
        learningRate: 0.1,
        optimizer: "gd",
        momentum: null,
        status: "converged",
        losses: Float64Array.of(3, 2, 1, 0.5),
        divergedAtStep: null,
        rank: 1,
      };
      return { sessionId, code, roundId, roster, run };
    }

    /** Everything a round write could change, to compare before and after a refused one. */
    async function snapshot(sessionId: string) {
      return db.prisma.session.findUniqueOrThrow({
        where: { id: sessionId },
        include: {
          rounds: { orderBy: { number: "asc" }, include: { chunks: { orderBy: { fromStep: "asc" } }, runs: true } },
        },
      });
    }

    it("a claim wins only with a fence above every earlier one, by id or by join code", async () => {
      const { sessionId, code } = await roundInPlay();
      expect(await sessions.claimOwnership(code, 5)).toBe(true);
      expect(await sessions.claimOwnership(code, 5)).toBe(false); // the same fence: already claimed
      expect(await sessions.claimOwnership(sessionId, 4)).toBe(false); // older: refused
      expect((await snapshot(sessionId)).ownerFence).toBe(5n);
      expect(await sessions.claimOwnership(sessionId, 6)).toBe(true);
      expect(await sessions.claimOwnership(code, 9)).toBe(true);
      expect((await snapshot(sessionId)).ownerFence).toBe(9n);
    });

    it("an ended session, an unknown code and a bad fence are not claimed and change nothing", async () => {
      const { sessionId, code } = await roundInPlay();
      expect(await sessions.claimOwnership("NOSUCH", 3)).toBe(false);
      expect(await sessions.hasLiveSession("NOSUCH")).toBe(false);
      for (const bad of [0, -1, 1.5, Number.NaN, 2 ** 53]) {
        await expect(sessions.claimOwnership(code, bad)).rejects.toThrow(/fence is a positive integer/);
        await expect(rounds.appendChunk(crypto.randomUUID(), 0, 1, Float64Array.of(1), bad)).rejects.toThrow(
          /fence is a positive integer/,
        );
      }
      expect((await snapshot(sessionId)).ownerFence).toBe(0n);
      expect(await sessions.hasLiveSession(code)).toBe(true);
      await sessions.endSession(sessionId, new Date());
      expect(await sessions.claimOwnership(code, 3)).toBe(false);
      expect(await sessions.hasLiveSession(code)).toBe(false);
      expect((await snapshot(sessionId)).ownerFence).toBe(0n);
    });

    it("refuses every round write with an older fence, whole, and takes the owner's", async () => {
      const { sessionId, roundId, roster, run } = await roundInPlay();
      expect(await sessions.claimOwnership(sessionId, 7)).toBe(true);
      const before = await snapshot(sessionId);
      const stale = 6;
      const refused = [
        () =>
          rounds.startRound(
            { id: crypto.randomUUID(), sessionId, number: 2, settings: SETTINGS, roster, startedAt: new Date() },
            stale,
          ),
        () => rounds.appendChunk(roundId, 3, 5, Float64Array.of(0.7, 0.6), stale),
        () => rounds.appendChunk(roundId, 0, 5, Float64Array.of(9, 9, 9, 9, 9), stale), // would overwrite a chunk
        () => rounds.finishRound(roundId, [run], "finished", new Date(), stale),
      ];
      for (const write of refused) {
        const error = await write().then(
          () => null,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(FencedOutError);
        expect(error).toMatchObject({ fence: 6, ownerFence: 7n });
      }
      expect(await snapshot(sessionId)).toEqual(before);

      // The owner's fence (or a newer one not claimed yet) writes as usual.
      await rounds.appendChunk(roundId, 3, 5, Float64Array.of(0.7, 0.6), 7);
      expect((await snapshot(sessionId)).rounds[0]!.chunks.map((c) => [c.fromStep, c.toStep])).toEqual([
        [0, 3],
        [3, 5],
      ]);
      await rounds.finishRound(roundId, [run], "finished", new Date(), 8);
      const after = (await snapshot(sessionId)).rounds[0]!;
      expect([after.status, after.chunks.length, after.runs.length]).toEqual(["finished", 0, 1]);
    });

    it("writes without a fence go on as before, whatever the session's owner fence", async () => {
      const { sessionId, roundId, run } = await roundInPlay();
      expect(await sessions.claimOwnership(sessionId, 3)).toBe(true);
      await rounds.appendChunk(roundId, 3, 4, Float64Array.of(0.5));
      await rounds.finishRound(roundId, [run], "finished", new Date(1));
      const after = await snapshot(sessionId);
      expect(after.ownerFence).toBe(3n);
      expect([after.rounds[0]!.status, after.rounds[0]!.chunks.length, after.rounds[0]!.runs.length]).toEqual([
        "finished",
        0,
        1,
      ]);
    });

    it("a flush is one statement, fenced or not", async () => {
      const { roundId } = await roundInPlay();
      const spies = (["$transaction", "$queryRaw", "$executeRaw"] as const).map((method) =>
        vi.spyOn(db.prisma, method),
      );
      const calls = () => spies.map((spy) => spy.mock.calls.length);
      try {
        await rounds.appendChunk(roundId, 3, 4, Float64Array.of(0.5));
        expect(calls()).toEqual([0, 0, 1]);
        await rounds.appendChunk(roundId, 4, 5, Float64Array.of(0.4), 1);
        expect(calls()).toEqual([0, 0, 2]);
      } finally {
        for (const spy of spies) spy.mockRestore();
      }
      const stored = await db.prisma.roundChunk.findMany({ where: { roundId }, orderBy: { fromStep: "asc" } });
      expect(stored.map((c) => [c.fromStep, c.toStep])).toEqual([
        [0, 3],
        [3, 4],
        [4, 5],
      ]);
      // A chunk written again grows, fenced or not.
      await rounds.appendChunk(roundId, 4, 6, Float64Array.of(0.4, 0.3), 1);
      await rounds.appendChunk(roundId, 3, 5, Float64Array.of(0.5, 0.45));
      const chunk = (fromStep: number) =>
        db.prisma.roundChunk.findUniqueOrThrow({ where: { roundId_fromStep: { roundId, fromStep } } });
      const [fenced, unfenced] = [await chunk(4), await chunk(3)];
      expect([fenced.toStep, fenced.data]).toEqual([6, encodeLosses(Float64Array.of(0.4, 0.3))]);
      expect([unfenced.toStep, unfenced.data]).toEqual([5, encodeLosses(Float64Array.of(0.5, 0.45))]);
    });

    it("a fenced write of an unknown round is a plain error, not a fence", async () => {
      const error = await rounds.appendChunk("no-such-round", 0, 1, Float64Array.of(1), 1).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect(error).not.toBeInstanceOf(FencedOutError);
    });

    it("a claim waits for a fenced write in flight: the write lands whole before the new owner reads", async () => {
      const { sessionId, code, roundId } = await roundInPlay();
      expect(await sessions.claimOwnership(code, 1)).toBe(true);
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const order: string[] = [];
      const write = fencedWrite(db.prisma, 1, { roundId }, async (tx) => {
        await tx.roundChunk.create({ data: { roundId, fromStep: 3, toStep: 4, data: "AAAAAAAA4D8=" } });
        await held;
        order.push("write committed");
      });
      await new Promise((resolve) => setTimeout(resolve, 50)); // the write holds the session row now
      const claim = sessions.claimOwnership(code, 2).then((claimed) => {
        order.push("claimed");
        return claimed;
      });
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(order).toEqual([]); // the claim waits on the write's lock
      release();
      await write;
      expect(await claim).toBe(true);
      expect(order).toEqual(["write committed", "claimed"]);
      expect((await snapshot(sessionId)).rounds[0]!.chunks).toHaveLength(2);
      await expect(rounds.appendChunk(roundId, 4, 5, Float64Array.of(0.4), 1)).rejects.toBeInstanceOf(FencedOutError);
    });
  });
});
