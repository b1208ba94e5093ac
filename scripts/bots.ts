// Fills a live session with simulated students, for demos and load:
//   npm run bots -- --url http://127.0.0.1:3000 --code ABC234 --students 200
// Each bot joins with a nickname, submits a learning rate (log-uniform over --min..--max, seeded
// so two runs pick the same rates) and stays until the session ends or Ctrl+C.
import { parseArgs } from "node:util";
import { io, type Socket } from "socket.io-client";
import type { Ack, ClientToServerEvents, ServerToClientEvents } from "../lib/protocol";
import { seededRandom } from "../lib/seeded-random";

const { values } = parseArgs({
  options: {
    url: { type: "string", default: "http://127.0.0.1:3000" },
    code: { type: "string" },
    students: { type: "string", default: "30" },
    min: { type: "string", default: "1e-6" },
    max: { type: "string", default: "1e-2" },
    seed: { type: "string", default: "1" },
    prefix: { type: "string", default: "bot" },
  },
});

const count = Number(values.students);
const [min, max] = [Number(values.min), Number(values.max)];
if (!values.code || !Number.isInteger(count) || count < 1 || count > 10_000 || !(min > 0 && max >= min)) {
  console.error(
    "usage: npm run bots -- --url http://127.0.0.1:3000 --code ABC234 --students 200 [--min 1e-6 --max 1e-2 --seed 1]",
  );
  process.exit(2);
}

type BotSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
const next = seededRandom(Number(values.seed));
const sockets: BotSocket[] = [];
let joined = 0;
let failed = 0;

function startBot(index: number): void {
  const socket: BotSocket = io(values.url, { transports: ["websocket"], forceNew: true });
  sockets.push(socket);
  const nickname = `${values.prefix}-${String(index + 1).padStart(4, "0")}`;
  const learningRate = Number((min * Math.pow(max / min, next())).toPrecision(3));
  let resumeToken: string | undefined;
  const emit = (event: keyof ClientToServerEvents, payload: unknown) =>
    (
      socket.timeout(15_000) as unknown as { emitWithAck(e: string, p: unknown): Promise<Ack<Record<string, unknown>>> }
    ).emitWithAck(event, payload);
  socket.on("connect", async () => {
    try {
      const reply = await emit("student:join", {
        code: values.code,
        nickname,
        ...(resumeToken ? { resumeToken } : {}),
      });
      if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`);
      if (!resumeToken) {
        resumeToken = reply.resumeToken as string;
        const submitted = await emit("student:submit", { learningRate });
        if (!submitted.ok) throw new Error(`${submitted.error.code}: ${submitted.error.message}`);
        joined++;
      }
    } catch (error) {
      failed++;
      console.error(`${nickname}: ${(error as Error).message}`);
      socket.disconnect();
    }
  });
  socket.on("room:ended", () => socket.disconnect());
}

for (let i = 0; i < count; i++) {
  startBot(i);
  if (i % 50 === 49) await new Promise((resolve) => setTimeout(resolve, 100)); // don't stampede
}
const report = setInterval(() => {
  console.log(`[bots] ${joined} joined, ${failed} failed, ${sockets.filter((s) => s.connected).length} connected`);
  if (sockets.every((s) => !s.connected && !s.active)) {
    clearInterval(report);
    process.exit(failed > 0 ? 1 : 0);
  }
}, 2_000);
process.on("SIGINT", () => {
  for (const socket of sockets) socket.disconnect();
  process.exit(0);
});
