// The production entry point: one Node process serving the pages (Next.js), the JSON API and the
// socket.io channel on one port.
import { createServer, type ServerResponse } from "node:http";
import { randomBytes } from "node:crypto";
import { hostname, networkInterfaces } from "node:os";
import next from "next";
import { createApp } from "./app";
import { createRedis, waitForRedis } from "./cluster/redis-client";
import { ConfigError, loadConfig } from "./config";
import { describeTarget, openDatabase } from "./db/database";
import { PROJECT_ROOT } from "./db/migrations";
import { setSecurityHeaders } from "./http/security-headers";
import { interruptOrphanedRounds } from "./rooms/recovery";

const SHUTDOWN_DEADLINE_MS = 8_000;

async function main(): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase(config.database).catch((error: unknown) => {
    throw new Error(`Could not open the database (${describeTarget(config.database)}): ${(error as Error).message}`);
  });
  const applied = database.appliedMigrations;
  console.log(
    `[arena] database: ${describeTarget(config.database)}${applied.length ? `, applied ${applied.join(", ")}` : ""}`,
  );
  // SERVE_PAGES=false: API and sockets only (load tests, crash tests, headless deployments).
  const pages = config.servePages
    ? next({ dev: config.dev, dir: PROJECT_ROOT, hostname: config.host, port: config.port })
    : null;
  await pages?.prepare();
  const handlePage =
    pages?.getRequestHandler() ?? ((_req: unknown, res: ServerResponse) => void res.writeHead(404).end());

  // The request listener must exist before socket.io attaches: socket.io wraps the listeners it
  // finds so that its own /socket.io/ requests (long-polling) never reach the pages.
  const server = createServer((req, res) => {
    setSecurityHeaders(req, res, { publicOrigin: config.publicOrigin, isHttps: (r) => app.addressing.isHttps(r) });
    void app.handleApi(req, res).then((handled) => {
      if (!handled) void handlePage(req, res);
    });
  });
  // REDIS_URL: one process of several (docs/scaling.md). Redis must answer before we serve anyone.
  const redis = config.cluster ? createRedis(config.cluster.redisUrl, { connectionName: "arena" }) : null;
  if (redis) await waitForRedis(redis, 10_000);
  const processId = `${hostname()}-${process.pid}-${randomBytes(3).toString("hex")}`;
  const app = createApp(server, {
    database,
    cluster: redis && config.cluster ? { redis, prefix: config.cluster.prefix, processId } : undefined,
    maxParticipants: config.maxParticipants,
    idleGraceMs: config.idleGraceMs,
    maxRooms: config.maxRooms,
    allowedOrigins: config.allowedOrigins,
    publicOrigin: config.publicOrigin,
    trustProxy: config.trustProxy,
    signup: config.signup,
    authSecret: config.authSecret,
  });
  await app.accounts.ready;
  // Rounds left in play by the last process (a crash, a restart) come back with their rooms,
  // paused at their last stored step, before anyone can connect; the host resumes them.
  const say = (message: string) => console.log(`[arena] ${message}`);
  const orphaned = await interruptOrphanedRounds(app.repositories.rounds, new Date(), say);
  if (orphaned > 0) console.log(`[arena] ${orphaned} round(s) of sessions that had ended were stored as interrupted`);
  // With several processes, rooms come back through their leases instead (the others may be playing them).
  const restored = redis ? 0 : await app.registry.restoreUnfinished();
  if (restored > 0) console.log(`[arena] ${restored} round(s) in play are back, paused at their last stored step`);
  if (redis) console.log(`[arena] one of several processes (${processId}), Redis prefix "${config.cluster!.prefix}"`);
  // Like Jenkins's initial admin password: only whoever can read this console can claim a fresh
  // server, not the first student on the network to open the page.
  const setupToken = await app.accounts.startFirstRun();

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, resolve);
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const shown = config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host;
  console.log(`[arena] Gradient Arena is running: open http://${shown}:${port}`);
  if (setupToken) {
    const origin = config.publicOrigin ?? `http://${shown}:${port}`;
    console.log(`[arena] First run: create the owner account at ${origin}/setup?token=${setupToken}`);
  }
  // Phones cannot reach "localhost": the instructor should open the network address, so the QR
  // code on the projector points the class at it.
  if (config.host === "0.0.0.0" || config.host === "::") {
    for (const address of lanAddresses()) console.log(`[arena] on the classroom network: http://${address}:${port}`);
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[arena] ${signal}: storing rounds in play and shutting down`);
    setTimeout(() => {
      console.error("[arena] shutdown took too long; exiting");
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    await app.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await pages?.close?.();
    await database.close();
    await redis?.quit().catch(() => redis.disconnect());
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

function lanAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((info) => info && info.family === "IPv4" && !info.internal)
    .map((info) => info!.address);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(`[arena] ${error.message}`);
  else console.error(`[arena] failed to start: ${(error as Error).message ?? error}`);
  process.exit(1);
});
