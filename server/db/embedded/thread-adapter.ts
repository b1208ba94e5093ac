// Prisma's driver-adapter interface on the server's thread, carried out by the real PGlite adapter
// in the embedded database's worker (./worker.ts). Prisma sees an ordinary adapter: queries,
// transactions and errors (DriverAdapterError payloads, so unique violations still become P2002)
// behave as they do with the adapter in-process.
import {
  DriverAdapterError,
  type ConnectionInfo,
  type IsolationLevel,
  type SqlDriverAdapter,
  type SqlDriverAdapterFactory,
  type SqlQuery,
  type SqlResultSet,
  type Transaction,
  type TransactionOptions,
} from "@prisma/driver-adapter-utils";
import type { EmbeddedThread } from "./embedded-thread";
import type { Target } from "./messages";

const ADAPTER_NAME = "pglite-prisma-adapter";

/** The worker's errors, as Prisma expects them: a DriverAdapterError when the database said no. */
async function relay<T>(reply: Promise<unknown>): Promise<T> {
  try {
    return (await reply) as T;
  } catch (error) {
    const cause = (error as Error).cause;
    if ((error as Error).name === "DriverAdapterError" && cause) throw new DriverAdapterError(cause as DriverAdapterError["cause"]);
    throw error;
  }
}

class ThreadQueryable {
  readonly provider = "postgres" as const;
  readonly adapterName = ADAPTER_NAME;

  constructor(
    protected readonly thread: EmbeddedThread,
    private readonly target: Target,
  ) {}

  queryRaw(query: SqlQuery): Promise<SqlResultSet> {
    return relay(this.thread.call({ op: "queryRaw", on: this.target, query }));
  }

  executeRaw(query: SqlQuery): Promise<number> {
    return relay(this.thread.call({ op: "executeRaw", on: this.target, query }));
  }
}

class ThreadTransaction extends ThreadQueryable implements Transaction {
  constructor(
    thread: EmbeddedThread,
    private readonly id: number,
    readonly options: TransactionOptions,
  ) {
    super(thread, { tx: id });
  }

  commit(): Promise<void> {
    return relay(this.thread.call({ op: "commit", tx: this.id }));
  }

  rollback(): Promise<void> {
    return relay(this.thread.call({ op: "rollback", tx: this.id }));
  }
}

class ThreadAdapter extends ThreadQueryable implements SqlDriverAdapter {
  constructor(
    thread: EmbeddedThread,
    private readonly id: number,
    private readonly connectionInfo: ConnectionInfo | null,
  ) {
    super(thread, { adapter: id });
  }

  executeScript(script: string): Promise<void> {
    return relay(this.thread.call({ op: "executeScript", adapter: this.id, script }));
  }

  async startTransaction(isolationLevel?: IsolationLevel): Promise<Transaction> {
    const { id, options } = await relay<{ id: number; options: TransactionOptions }>(
      this.thread.call({ op: "startTransaction", adapter: this.id, isolationLevel }),
    );
    return new ThreadTransaction(this.thread, id, options);
  }

  getConnectionInfo(): ConnectionInfo {
    return this.connectionInfo ?? { supportsRelationJoins: true };
  }

  dispose(): Promise<void> {
    return relay(this.thread.call({ op: "dispose", adapter: this.id }));
  }
}

export class ThreadAdapterFactory implements SqlDriverAdapterFactory {
  readonly provider = "postgres" as const;
  readonly adapterName = ADAPTER_NAME;

  constructor(private readonly thread: EmbeddedThread) {}

  async connect(): Promise<SqlDriverAdapter> {
    const { id, connectionInfo } = await relay<{ id: number; connectionInfo: ConnectionInfo | null }>(
      this.thread.call({ op: "connect" }),
    );
    return new ThreadAdapter(this.thread, id, connectionInfo);
  }
}
