// A class on a cluster (tests/helpers/cluster.ts): an instructor, a session and students, every
// one of them connected through nginx (round-robin), so host and phones land on different processes.
import type { CreatedSession, RunHistory, SessionHistory } from "../../lib/api-types";
import { getDataset, trainOne } from "../../lib/gd";
import type { StudentTick, YourRun } from "../../lib/protocol";
import { signUpOpen } from "../../scripts/sign-up";
import { clusterClient, upstreamPort, type Cluster } from "../helpers/cluster";
import { apiJson } from "../helpers/session-fixture";
import { request, type ClientSocket } from "../helpers/test-server";

export interface Phone {
  socket: ClientSocket;
  nickname: string;
  /** Every step of every tick received, in order (a replayed step shows up twice here). */
  steps: number[];
  /** The student's own run as each tick gave it, by step (a replayed step has two entries). */
  runs: Map<number, YourRun[]>;
}

export interface ClusterClass {
  id: string;
  code: string;
  hostToken: string;
  cookie: string;
  host: ClientSocket;
  phones: Phone[];
  /** The steps of every host tick received, in order. */
  hostSteps: number[];
}

/** Rates for the lesson: slow, near the stable limit (2.4e-4), and diverging. */
export const RATES = [1e-5, 5e-5, 1e-4, 2e-4, 2.39e-4, 1];

export async function classOnCluster(
  cluster: Cluster,
  settings: { maxSteps: number; stepsPerSecond: number },
  rates: number[] = RATES,
): Promise<ClusterClass> {
  const cookie = await signUpOpen(cluster.origin);
  const created = await apiJson<CreatedSession>({ url: cluster.origin }, "/api/sessions", { body: settings, cookie });
  if (created.status !== 201) throw new Error(`session not created: ${JSON.stringify(created.body)}`);
  const { id, code, hostToken } = created.body;
  const host = await clusterClient(cluster.origin, { reconnection: true });
  const attached = await request(host, "host:attach", { code, hostToken });
  if (!attached.ok) throw new Error(`host:attach: ${attached.error.message}`);
  // As the pages do: back after a lost connection (to whichever process nginx picks), attach again.
  host.io.on("reconnect", () => void request(host, "host:attach", { code, hostToken }, 10_000).catch(() => {}));
  const hostSteps: number[] = [];
  host.on("room:tick", (tick) => hostSteps.push(tick.step));
  const phones: Phone[] = [];
  for (const [i, learningRate] of rates.entries()) {
    const nickname = `phone${i}`;
    const socket = await clusterClient(cluster.origin, { reconnection: true });
    const joined = await request<{ resumeToken: string }>(socket, "student:join", { code, nickname });
    if (!joined.ok) throw new Error(`student:join: ${joined.error.message}`);
    const { resumeToken } = joined;
    socket.io.on(
      "reconnect",
      () => void request(socket, "student:join", { code, nickname, resumeToken }, 10_000).catch(() => {}),
    );
    const submitted = await request(socket, "student:submit", { learningRate });
    if (!submitted.ok) throw new Error(`student:submit: ${submitted.error.message}`);
    const phone: Phone = { socket, nickname, steps: [], runs: new Map() };
    socket.on("room:tick", (tick) => {
      const { step, you } = tick as StudentTick;
      phone.steps.push(step);
      if (you) phone.runs.set(step, [...(phone.runs.get(step) ?? []), you]);
    });
    phones.push(phone);
  }
  return { id, code, hostToken, cookie, host, phones, hostSteps };
}

/** The ports of the processes the host and the phones are connected to now. */
export const portsOf = (room: ClusterClass) =>
  new Set([room.host, ...room.phones.map((p) => p.socket)].map(upstreamPort));

export async function storedHistory(cluster: Cluster, room: ClusterClass): Promise<SessionHistory> {
  const got = await apiJson<SessionHistory>({ url: cluster.origin }, `/api/sessions/${room.id}`, {
    cookie: room.cookie,
  });
  return got.body;
}

/** The core alone on one run: what a round never interrupted stores (checked against numpy elsewhere). */
export function reference(run: RunHistory, maxSteps: number) {
  return trainOne(getDataset("lesson"), run.learningRate, maxSteps, { optimizer: run.optimizer });
}
