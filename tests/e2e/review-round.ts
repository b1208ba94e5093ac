// A finished round without a browser: the session made through the API, the host and the
// students as socket.io clients (as scripts and bots are), the round played to its end. For
// tests of the review page, which only needs the stored round.
import { io, type Socket } from "socket.io-client";
import { expect } from "vitest";
import type { Ack, ClientToServerEvents, ServerToClientEvents } from "../../lib/protocol";
import { createSessionAs, type RunningServer } from "./harness";

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

async function connect(url: string, cookie?: string): Promise<Client> {
  const socket: Client = io(url, {
    transports: ["websocket"],
    forceNew: true,
    ...(cookie ? { extraHeaders: { cookie } } : {}),
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
  return socket;
}

/** Plays one round of `students` ([nickname, learning rate]) to its end; returns the session's id. */
export async function playStoredRound(
  server: RunningServer,
  cookie: string,
  settings: { title: string; maxSteps: number; stepsPerSecond: number },
  students: readonly (readonly [string, string])[],
): Promise<string> {
  const { id, code, hostToken } = await createSessionAs(server, cookie, { ...settings, dataset: "lesson" });
  const host = await connect(server.url, cookie);
  const clients: Client[] = [host];
  try {
    const attached = (await host.timeout(15_000).emitWithAck("host:attach", { code, hostToken })) as Ack;
    expect(attached.ok).toBe(true);
    for (const [nickname, learningRate] of students) {
      const student = await connect(server.url);
      clients.push(student);
      const joined = (await student.timeout(15_000).emitWithAck("student:join", { code, nickname })) as Ack;
      expect(joined.ok).toBe(true);
      const submitted = (await student.timeout(15_000).emitWithAck("student:submit", { learningRate })) as Ack;
      expect(submitted.ok).toBe(true);
    }
    const finished = new Promise<void>((resolve) => host.once("room:finished", () => resolve()));
    const started = (await host.timeout(15_000).emitWithAck("host:start", undefined)) as Ack;
    expect(started.ok).toBe(true);
    await finished;
    return id;
  } finally {
    for (const client of clients) client.disconnect();
  }
}
