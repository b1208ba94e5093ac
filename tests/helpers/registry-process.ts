// A "process" for tests of rooms on a real database: a registry of its own, on its own manual
// clock, over the shared storage, with one recording channel for every room it loads.
import type { PrismaClient } from "../../server/db/generated/client";
import { RoundRepository } from "../../server/db/round-repo";
import { SessionRepository } from "../../server/db/session-repo";
import { RoomRegistry } from "../../server/rooms/room-registry";
import { ManualClock } from "./manual-clock";
import { RecordingChannel } from "./recording-channel";

export function registryProcess(prisma: PrismaClient) {
  const sessions = new SessionRepository(prisma);
  const clock = new ManualClock();
  const channel = new RecordingChannel();
  const logged: string[] = [];
  const registry = new RoomRegistry({
    source: sessions,
    channelFor: () => channel,
    sessions,
    rounds: new RoundRepository(prisma),
    clock,
    log: (message) => void logged.push(message),
    flushIntervalMs: 1_000,
    idleGraceMs: 600_000,
    maxParticipants: 100,
    maxRooms: 20,
  });
  return { registry, clock, channel, logged };
}
