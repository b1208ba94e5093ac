// The embedded database as the server uses it: one worker thread at a time on the data folder,
// replaced by a new one if it dies (out of memory, an abort in PGlite's WebAssembly). The folder
// survives a dead worker as it survives a killed process: PostgreSQL replays its write-ahead log
// on opening it again. While no worker runs, requests fail at once ("stopped"); the round writer
// retries its writes and the health check says 503 until the new worker answers.
import type { ResourceLimits } from "node:worker_threads";
import { EmbeddedThread, openEmbeddedThread } from "./embedded-thread";
import type { Request } from "./messages";

const FIRST_RESTART_DELAY_MS = 200;
const MAX_RESTART_DELAY_MS = 10_000;

export interface EmbeddedDatabaseOptions {
  /** Folder of the database; null keeps it in memory (tests), and then a dead worker is final. */
  dataDir: string | null;
  log: (message: string) => void;
  /** Limits of each worker thread (tests use a small heap to make one run out of memory). */
  resourceLimits?: ResourceLimits;
}

export class EmbeddedDatabase {
  /** Counts workers: an adapter connected to an earlier one connects again. */
  generation = 0;
  private closed = false;
  private restartTimer: NodeJS.Timeout | null = null;

  private constructor(
    private thread: EmbeddedThread,
    private readonly options: EmbeddedDatabaseOptions,
  ) {}

  static async open(
    options: EmbeddedDatabaseOptions,
  ): Promise<{ database: EmbeddedDatabase; appliedMigrations: string[] }> {
    let database: EmbeddedDatabase | null = null;
    const opened = await openEmbeddedThread(
      options.dataDir,
      (error) => database?.lost(error),
      undefined,
      options.resourceLimits,
    );
    database = new EmbeddedDatabase(opened.thread, options);
    return { database, appliedMigrations: opened.appliedMigrations };
  }

  call(request: Request): Promise<unknown> {
    return this.thread.call(request);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    await this.thread.close();
  }

  private lost(error: Error, delayMs = FIRST_RESTART_DELAY_MS): void {
    const { dataDir, log } = this.options;
    if (this.closed) return;
    if (dataDir === null) return log(`${error.message} It was in memory: nothing to reopen.`);
    log(`${error.message} Reopening ${dataDir} in a new worker.`);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      EmbeddedThread.start({ dataDir, migrate: false }, (again) => this.lost(again), this.options.resourceLimits).then(
        (thread) => {
          if (this.closed) return void thread.close();
          this.thread = thread;
          this.generation++;
          log(`The embedded database is back (${dataDir}).`);
        },
        (failed: Error) => this.lost(failed, Math.min(MAX_RESTART_DELAY_MS, delayMs * 2)),
      );
    }, delayMs);
  }
}
