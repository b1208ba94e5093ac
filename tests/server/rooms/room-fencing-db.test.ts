// Two processes over one database, each room loaded with its lease fence (as cluster-rooms does):
// the second claims the session and takes the round over; the first, still holding its stale copy
// (a long pause past its lease), plays on, and its next write is refused. That copy stops for
// good, as an abandoned one does: it never warns its host of the database, never writes a step,
// and the round goes on in storage as the new owner plays it.
import { describe, expect, it } from "vitest";
import type { RoundSettings } from "../../../lib/protocol";
import { SessionRepository } from "../../../server/db/session-repo";
import type { LiveRoom } from "../../../server/rooms/live-room";
import { hashToken } from "../../../server/secrets";
import { databaseForSuite, onBothDatabases } from "../../helpers/postgres";
import { registryProcess } from "../../helpers/registry-process";

const HOST_TOKEN = "host-token-0123456789";
const SETTINGS: RoundSettings = {
  dataset: "lesson",
  standardized: false,
  maxSteps: 200,
  stepsPerSecond: 10,
  optimizers: ["gd"],
};

/** Waits, in real time, for storage answers the manual clock does not wait for. */
async function until(condition: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !condition(); waited += 10) {
    if (waited > 5_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

onBothDatabases((name, target, cleanUp) => {
  describe(`a room fenced out by a newer owner (${name})`, () => {
    const db = databaseForSuite(target, cleanUp);

    /** A "process": a registry of its own, on its own clock, over the shared storage. */
    const startProcess = () => registryProcess(db.prisma);

    async function newSession(code: string): Promise<string> {
      const sessions = new SessionRepository(db.prisma);
      const id = crypto.randomUUID();
      const hostTokenHash = hashToken(HOST_TOKEN);
      await sessions.createSession({ id, code, title: "t", hostTokenHash, settings: SETTINGS, createdAt: new Date() });
      for (const [i, learningRate] of [1e-5, 2e-5].entries()) {
        const participant = {
          id: crypto.randomUUID(),
          nickname: `P${i}`,
          nicknameKey: `p${i}`,
          resumeTokenHash: `r${i}`,
        };
        await sessions.addParticipant(id, participant, new Date());
        await sessions.setRunChoice(participant.id, { learningRate, optimizer: "gd", momentum: null });
      }
      return id;
    }

    const attach = (room: LiveRoom) => room.attachHost({ hostToken: HOST_TOKEN }, () => {});
    const chunks = (sessionId: string) =>
      db.prisma.roundChunk.findMany({ where: { round: { sessionId } }, orderBy: { fromStep: "asc" } });

    it("stops the stale copy at its first refused write; the new owner's round is untouched", async () => {
      const sessionId = await newSession("FEN234");
      const first = startProcess();
      expect(await first.registry.claim("FEN234", 1)).toBe("claimed");
      let fencedOut = 0;
      const room = (await first.registry.load("FEN234", { fence: 1, onFencedOut: () => fencedOut++ }))!;
      expect(await room.start()).toEqual({ ok: true });
      await first.clock.advance(1_050);
      await room.pause();
      await attach(room); // every step so far stored, with fence 1
      expect((await chunks(sessionId)).length).toBeGreaterThan(0);

      // The first process stalls past its lease; the second takes the room over from storage.
      const second = startProcess();
      expect(await second.registry.claim("FEN234", 2)).toBe("claimed");
      expect(await second.registry.claim("FEN234", 1)).toBe("newer owner");
      expect(await second.registry.claim("NOSUCH", 3)).toBe("none");
      const takenOver = (await second.registry.load("FEN234", { fence: 2 }))!;
      expect((await attach(takenOver)).ok).toBe(true);
      const before = await chunks(sessionId);

      // The stale copy wakes up and plays on: its next flush is refused.
      expect(await room.resume()).toEqual({ ok: true });
      await first.clock.advance(1_050);
      await until(() => fencedOut > 0, "the fenced-out hook");
      await room.settled();
      expect(fencedOut).toBe(1);
      expect(room.closed).toBe(true);
      expect(first.registry.live("FEN234")).toBeUndefined();
      expect(first.channel.payloads("host:warning", "host")).toEqual([]);
      expect(first.channel.payloads("room:ended", "everyone")).toEqual([]); // an abandoned copy tells nobody
      expect(first.logged.some((line) => /fence 2.*fence 1 is refused/.test(line))).toBe(true);
      const ticks = first.channel.payloads("room:tick", "host").length;
      await first.clock.advance(5_000);
      expect(first.channel.payloads("room:tick", "host")).toHaveLength(ticks); // no step after the stop
      expect(await chunks(sessionId)).toEqual(before);

      // The new owner plays on in the same row, as if the stale copy had never woken.
      expect(await takenOver.resume()).toEqual({ ok: true });
      await second.clock.advance(2_050);
      await takenOver.pause();
      await attach(takenOver);
      const after = await chunks(sessionId);
      expect(after.slice(0, before.length)).toEqual(before);
      expect(after.at(-1)!.toStep).toBeGreaterThan(before.at(-1)!.toStep);
      expect(second.channel.payloads("host:warning", "host")).toEqual([]);
    });
  });
});
