// A round in play survives its process, on a real database: one registry plays it and is dropped
// (a crash: no shutdown, the last steps unflushed) or shut down (SIGTERM); a second registry on the
// same storage brings the room back paused at the last stored step, and the round, resumed, is
// stored exactly as the round of a class that was never interrupted.
import { describe, expect, it } from "vitest";
import type { RunHistory } from "../../../lib/api-types";
import { getDataset, maxStableLearningRate, trainOne } from "../../../lib/gd";
import type { RoundSettings, RunChoice } from "../../../lib/protocol";
import { HistoryRepository } from "../../../server/db/history-repo";
import { SessionRepository } from "../../../server/db/session-repo";
import type { LiveRoom } from "../../../server/rooms/live-room";
import { hashToken } from "../../../server/secrets";
import { ManualClock } from "../../helpers/manual-clock";
import { databaseForSuite, onBothDatabases } from "../../helpers/postgres";
import { registryProcess } from "../../helpers/registry-process";

const HOST_TOKEN = "host-token-0123456789";
const SETTINGS: RoundSettings = {
  dataset: "lesson",
  standardized: false,
  maxSteps: 60,
  stepsPerSecond: 10,
  optimizers: ["gd", "momentum", "adam"],
};
const bound = maxStableLearningRate(getDataset("lesson"));
const CHOICES: RunChoice[] = [
  { learningRate: 1, optimizer: "adam", momentum: null },
  { learningRate: 1, optimizer: "gd", momentum: null }, // overflows at step 1
  { learningRate: bound * 0.05, optimizer: "momentum", momentum: 0.5 }, // converges after the restart
  { learningRate: bound * 1.5 * 1.02, optimizer: "momentum", momentum: 0.9 },
  { learningRate: 1e-5, optimizer: "gd", momentum: null },
  { learningRate: bound * 1.2, optimizer: "gd", momentum: null }, // diverges after the restart
];

onBothDatabases((name, target, cleanUp) => {
  describe(`a round in play across processes (${name})`, () => {
    const db = databaseForSuite(target, cleanUp);

    /** A "process": a registry of its own, on its own clock, over the shared storage. */
    const startProcess = () => registryProcess(db.prisma);

    async function newSession(code: string): Promise<string> {
      const sessions = new SessionRepository(db.prisma);
      const id = crypto.randomUUID();
      await sessions.createSession({
        id,
        code,
        title: "t",
        hostTokenHash: hashToken(HOST_TOKEN),
        settings: SETTINGS,
        createdAt: new Date(),
      });
      for (const [i, choice] of CHOICES.entries()) {
        const participant = {
          id: crypto.randomUUID(),
          nickname: `P${i}`,
          nicknameKey: `p${i}`,
          resumeTokenHash: `r${i}`,
        };
        await sessions.addParticipant(id, participant, new Date());
        await sessions.setRunChoice(participant.id, choice);
      }
      return id;
    }

    const attach = (room: LiveRoom) => room.attachHost({ hostToken: HOST_TOKEN }, () => {});

    async function playToEnd(room: LiveRoom, clock: ManualClock) {
      if (room.status === "paused") expect(await room.resume()).toEqual({ ok: true });
      while (room.status === "running") await clock.advance(100);
      await room.settled(); // the finished round is stored before the next command
      expect(room.status).toBe("finished");
    }

    /** Per run, in CHOICES order: what the history says of it. */
    async function storedRuns(sessionId: string) {
      const round = (await new HistoryRepository(db.prisma).getSessionHistory(sessionId))!.rounds[0]!;
      const nickname = (run: RunHistory<Float64Array>) => Number(run.nickname.slice(1));
      const runs = [...round.runs].sort((a, b) => nickname(a) - nickname(b));
      return {
        status: round.status,
        runs: runs.map((r) => ({ ...r, losses: Array.from(r.losses), participantId: undefined })),
      };
    }

    it("after a crash, comes back paused at the last stored step and ends as the uninterrupted round", async () => {
      const reference = await newSession("REF234");
      const uninterrupted = startProcess();
      const refRoom = (await uninterrupted.registry.get("REF234"))!;
      expect(await refRoom.start()).toEqual({ ok: true });
      await playToEnd(refRoom, uninterrupted.clock);

      const sessionId = await newSession("CRA234");
      const first = startProcess();
      const room = (await first.registry.get("CRA234"))!;
      expect(await room.start()).toEqual({ ok: true });
      await first.clock.advance(1_050); // 10 steps, flushed once a second
      await room.pause();
      await attach(room); // stores every step so far (a host reloading does this)
      const storedStep = 10;
      for (let i = 0; i < 3; i++) await room.stepOnce(); // never stored: lost with the process

      const second = startProcess(); // the process died; the next one starts on the same storage
      expect(await second.registry.restoreUnfinished()).toBeGreaterThanOrEqual(1);
      const restored = second.registry.live("CRA234")!;
      const attached = await attach(restored);
      expect(attached.ok && [attached.state.status, attached.state.step]).toEqual(["paused", storedStep]);
      expect(attached.ok && attached.state.roster.map((r) => r.optimizer)).toEqual(CHOICES.map((c) => c.optimizer));
      await playToEnd(restored, second.clock);

      const expected = await storedRuns(reference);
      const actual = await storedRuns(sessionId);
      expect(actual.status).toBe("finished");
      expect(actual.runs.map((r) => r.status)).toEqual([
        "max_steps",
        "diverged",
        "converged",
        "max_steps",
        "max_steps",
        "diverged",
      ]);
      expect(actual).toEqual(expected); // losses, statuses, ranks, divergence steps: bit for bit
      // And the core's own numbers for each run alone, as an independent check.
      CHOICES.forEach((choice, run) => {
        const alone = trainOne(getDataset("lesson"), choice.learningRate, SETTINGS.maxSteps, {
          optimizer: choice.optimizer,
          ...(choice.momentum === null ? {} : { momentum: choice.momentum }),
        });
        expect(actual.runs[run]!.losses).toEqual(alone.losses);
      });
    });

    it("a clean shutdown stores every step and leaves the round in play; it comes back paused there", async () => {
      const sessionId = await newSession("TRM234");
      const first = startProcess();
      const room = (await first.registry.get("TRM234"))!;
      await room.start();
      await first.clock.advance(1_450); // 14 steps, the last 4 not flushed yet
      await first.registry.shutdown();
      const stored = await storedRuns(sessionId);
      expect(stored.status).toBe("running");
      expect(Math.max(...stored.runs.map((r) => r.losses.length))).toBe(15);

      const second = startProcess();
      expect(await second.registry.restoreUnfinished()).toBeGreaterThanOrEqual(1);
      const restored = second.registry.live("TRM234")!;
      const attached = await attach(restored);
      expect(attached.ok && [attached.state.status, attached.state.step]).toEqual(["paused", 14]);
      await playToEnd(restored, second.clock);
      expect((await storedRuns(sessionId)).status).toBe("finished");
    });
  });
});
