// The embedded database's own thread: PGlite (PostgreSQL compiled to WebAssembly) and its Prisma
// driver adapter live here, so their synchronous WebAssembly work never stalls the server's event
// loop (ticks, joins). The server's thread reaches them through ./thread-adapter.ts.
import { PGlite } from "@electric-sql/pglite";
import type { SqlDriverAdapter, Transaction } from "@prisma/driver-adapter-utils";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { parentPort, workerData } from "node:worker_threads";
import { applyMigrations } from "../migrations";
import { readTemplate } from "./data-template";
import {
  serializeError,
  type Envelope,
  type Reply,
  type Request,
  type Startup,
  type Target,
  type WorkerOptions,
} from "./messages";

/**
 * PGlite's initdb leaves `shared_buffers = 128MB`, and the buffer pool is resident from the first
 * query and never given back (a WebAssembly memory cannot shrink): 151 MiB of an idle server.
 * At 16MB: idle RSS ~550 -> ~412 MiB measured (docs/performance.md, "Idle memory"), for a warm read
 * of 1,000 runs of 10,000 steps in 190 ms instead of 140 (they fit in neither pool; the OS page
 * cache serves them). `-c` wins over the folder's postgresql.conf, so existing folders get it too.
 */
const PGLITE_START_PARAMS = [...PGlite.defaultStartParams, "-c", "shared_buffers=16MB"];

const port = parentPort!;
const options = workerData as WorkerOptions;

const adapters = new Map<number, SqlDriverAdapter>();
const transactions = new Map<number, Transaction>();
let nextHandle = 1;

function on(target: Target): SqlDriverAdapter | Transaction {
  const found = "tx" in target ? transactions.get(target.tx) : adapters.get(target.adapter);
  if (!found)
    throw new Error(`embedded database: no ${"tx" in target ? "transaction" : "connection"} with that handle`);
  return found;
}

function adapter(id: number): SqlDriverAdapter {
  return on({ adapter: id }) as SqlDriverAdapter;
}

async function handle(pglite: PGlite, factory: PrismaPGlite, request: Request): Promise<unknown> {
  switch (request.op) {
    case "connect": {
      const connected = await factory.connect();
      const id = nextHandle++;
      adapters.set(id, connected);
      return { id, connectionInfo: connected.getConnectionInfo?.() ?? null };
    }
    case "queryRaw":
      return on(request.on).queryRaw(request.query);
    case "executeRaw":
      return on(request.on).executeRaw(request.query);
    case "executeScript":
      return adapter(request.adapter).executeScript(request.script);
    case "startTransaction": {
      const tx = await adapter(request.adapter).startTransaction(request.isolationLevel);
      const id = nextHandle++;
      transactions.set(id, tx);
      return { id, options: tx.options };
    }
    case "commit":
    case "rollback": {
      const tx = on({ tx: request.tx }) as Transaction;
      transactions.delete(request.tx);
      return request.op === "commit" ? tx.commit() : tx.rollback();
    }
    case "dispose": {
      const connected = adapters.get(request.adapter);
      adapters.delete(request.adapter);
      return connected?.dispose();
    }
    case "close":
      return pglite.close();
  }
}

async function main(): Promise<void> {
  let pglite: PGlite;
  let factory: PrismaPGlite;
  let appliedMigrations: string[] = [];
  try {
    const template = options.template ? readTemplate(options.template) : null;
    pglite = new PGlite(options.dataDir ?? undefined, {
      ...(template ? { loadDataDir: template } : {}),
      startParams: PGLITE_START_PARAMS,
    });
    await pglite.waitReady;
    factory = new PrismaPGlite(pglite);
    if (options.migrate) appliedMigrations = await applyMigrations(factory);
  } catch (error) {
    port.postMessage({ type: "failed", error: serializeError(error) } satisfies Startup);
    return;
  }
  port.on("message", ({ id, request }: Envelope) => {
    // Each request is answered on its own: PGlite queues queries (and holds others back while a
    // transaction is open) exactly as it does on a single thread.
    handle(pglite, factory, request).then(
      (value) => port.postMessage({ id, ok: true, value } satisfies Reply),
      (error: unknown) => port.postMessage({ id, ok: false, error: serializeError(error) } satisfies Reply),
    );
  });
  port.postMessage({ type: "ready", appliedMigrations } satisfies Startup);
}

void main();
