// Starts the embedded database in a worker thread and carries requests to it. A request whose
// worker has gone (crashed, or closed) fails with a clear error instead of waiting forever.
import { DriverAdapterError } from "@prisma/driver-adapter-utils";
import { existsSync } from "node:fs";
import path from "node:path";
import { Worker, type ResourceLimits } from "node:worker_threads";
import { templatePath } from "./data-template";
import type { Envelope, Reply, Request, SerializedError, Startup, WorkerOptions } from "./messages";

const ENTRY = new URL("./worker-entry.mjs", import.meta.url);
/** PGlite writes its last pages on close; a worker that takes longer than this is stopped. */
const CLOSE_TIMEOUT_MS = 10_000;

/**
 * An error from the worker, rebuilt on this thread: a refusal by the database becomes the
 * DriverAdapterError Prisma expects (it maps the payload to its codes, e.g. P2002).
 */
function rebuildError(error: SerializedError): Error {
  if (error.name === "DriverAdapterError" && error.cause)
    return new DriverAdapterError(error.cause as DriverAdapterError["cause"]);
  const rebuilt = new Error(error.message);
  rebuilt.name = error.name;
  return rebuilt;
}

export class EmbeddedThread {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  private stopped: Error | null = null;

  private constructor(
    private readonly worker: Worker,
    readonly appliedMigrations: string[],
    private readonly onLost: (error: Error) => void,
  ) {
    worker.on("message", (reply: Reply) => this.settle(reply));
    worker.on("error", (error) => this.stop(new Error(`The embedded database failed: ${error.message}`)));
    worker.on("exit", (code) => this.stop(new Error(`The embedded database stopped (worker exit code ${code}).`)));
    worker.unref(); // kept alive only while a request is pending (see call)
  }

  /** Starts a worker on the database and resolves once it is open (and migrated, if asked). */
  static start(
    options: WorkerOptions,
    onLost: (error: Error) => void = () => {},
    resourceLimits?: ResourceLimits,
  ): Promise<EmbeddedThread> {
    const worker = new Worker(ENTRY, { workerData: options, resourceLimits });
    return new Promise((resolve, reject) => {
      const failed = (error: Error) => {
        worker.off("message", onStartup);
        reject(error);
      };
      const onStartup = (message: Startup) => {
        worker.off("error", failed);
        worker.off("exit", onExit);
        if (message.type === "ready") resolve(new EmbeddedThread(worker, message.appliedMigrations, onLost));
        else void worker.terminate().finally(() => reject(rebuildError(message.error)));
      };
      const onExit = (code: number) =>
        failed(new Error(`The embedded database did not start (worker exit code ${code}).`));
      worker.once("message", onStartup);
      worker.once("error", failed);
      worker.once("exit", onExit);
    });
  }

  call(request: Request): Promise<unknown> {
    if (this.stopped) return Promise.reject(this.stopped);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, { resolve, reject });
      try {
        this.worker.postMessage({ id, request } satisfies Envelope);
      } catch (error) {
        // A value that cannot be copied to another thread (never sent by Prisma, but be sure).
        this.forget(id);
        reject(error instanceof Error ? error : new Error("The request could not be copied", { cause: error }));
      }
    });
  }

  /** Closes the database (writes everything to the folder) and ends the worker. */
  async close(timeoutMs = CLOSE_TIMEOUT_MS): Promise<void> {
    if (this.stopped) return;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([this.call({ op: "close" }).catch(() => undefined), late]);
    clearTimeout(timer);
    await this.abort("The embedded database is closed.");
  }

  /** Ends the worker at once, without closing the database (as a crash would). */
  async abort(reason = "The embedded database was stopped."): Promise<void> {
    this.stop(new Error(reason), false);
    await this.worker.terminate();
  }

  private settle(reply: Reply): void {
    const waiting = this.pending.get(reply.id);
    if (!waiting) return;
    this.forget(reply.id);
    if (reply.ok) waiting.resolve(reply.value);
    else waiting.reject(rebuildError(reply.error));
  }

  private forget(id: number): void {
    this.pending.delete(id);
    if (this.pending.size === 0) this.worker.unref();
  }

  /** Fails every pending and later request; `lost` tells the owner it was not asked for. */
  private stop(error: Error, lost = true): void {
    if (this.stopped) return;
    this.stopped = error;
    for (const [id, waiting] of this.pending) {
      this.forget(id);
      waiting.reject(error);
    }
    if (lost) this.onLost(error);
  }
}

/**
 * Opens the embedded database in its own thread. A new folder is created by a first worker that
 * then exits, from the empty-database template made on install (./data-template.ts) or, without
 * one, by initdb, and migrated. What creating leaves behind is never given back while its thread
 * lives: initdb's ~450 MiB of WebAssembly memory, the template's unpacked copies (~90 MiB of
 * buffers that V8 does not collect at idle) and the schema engine. A second worker serves it.
 */
export async function openEmbeddedThread(
  dataDir: string | null,
  onLost?: (error: Error) => void,
  template = templatePath(),
  resourceLimits?: ResourceLimits,
): Promise<{ thread: EmbeddedThread; appliedMigrations: string[] }> {
  const fresh = dataDir !== null && !existsSync(path.join(dataDir, "PG_VERSION"));
  if (!fresh) {
    const thread = await EmbeddedThread.start({ dataDir, migrate: true }, onLost, resourceLimits);
    return { thread, appliedMigrations: thread.appliedMigrations };
  }
  const creator = await EmbeddedThread.start({
    dataDir,
    migrate: true,
    ...(template && existsSync(template) ? { template } : {}),
  });
  await creator.close();
  const thread = await EmbeddedThread.start({ dataDir, migrate: false }, onLost, resourceLimits);
  return { thread, appliedMigrations: creator.appliedMigrations };
}
