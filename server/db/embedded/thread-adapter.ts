// Prisma's driver-adapter interface on the server's thread, carried out by the real PGlite adapter
// in the embedded database's worker (./worker.ts). Prisma sees an ordinary adapter: queries,
// transactions and errors (DriverAdapterError payloads, so unique violations still become P2002)
// behave as they do with the adapter in-process; after a worker is replaced (./embedded-database.ts)
// connections carry on in the new one.
import type {
  ConnectionInfo,
  IsolationLevel,
  SqlDriverAdapter,
  SqlDriverAdapterFactory,
  SqlQuery,
  SqlResultSet,
  Transaction,
  TransactionOptions,
} from "@prisma/driver-adapter-utils";
import type { Request, Target } from "./messages";

const ADAPTER_NAME = "pglite-prisma-adapter";

/**
 * What the adapter talks to: the embedded database's current worker. Handles (connections,
 * transactions) belong to one worker; `generation` changes when a new worker replaces a dead one.
 */
export interface EmbeddedConnection {
  readonly generation: number;
  call(request: Request): Promise<unknown>;
}

/** A request's answer, typed as the worker gives it (errors are already Prisma's, ./embedded-thread.ts). */
const answer = <T>(reply: Promise<unknown>) => reply as Promise<T>;

abstract class ThreadQueryable {
  readonly provider = "postgres" as const;
  readonly adapterName = ADAPTER_NAME;

  constructor(protected readonly db: EmbeddedConnection) {}

  /** Where this connection's queries go in the current worker. */
  protected abstract target(): Promise<Target>;

  queryRaw(query: SqlQuery): Promise<SqlResultSet> {
    return answer(this.target().then((on) => this.db.call({ op: "queryRaw", on, query })));
  }

  executeRaw(query: SqlQuery): Promise<number> {
    return answer(this.target().then((on) => this.db.call({ op: "executeRaw", on, query })));
  }
}

class ThreadTransaction extends ThreadQueryable implements Transaction {
  constructor(
    db: EmbeddedConnection,
    private readonly id: number,
    private readonly generation: number,
    readonly options: TransactionOptions,
  ) {
    super(db);
  }

  /** A transaction dies with its worker; a new worker's handle with the same number is another's. */
  protected target(): Promise<Target> {
    if (this.db.generation !== this.generation)
      return Promise.reject(new Error("The transaction ended with the embedded database's worker."));
    return Promise.resolve({ tx: this.id });
  }

  commit(): Promise<void> {
    return answer(this.target().then(() => this.db.call({ op: "commit", tx: this.id })));
  }

  rollback(): Promise<void> {
    return answer(this.target().then(() => this.db.call({ op: "rollback", tx: this.id })));
  }
}

type Remote = { id: number; generation: number; connectionInfo: ConnectionInfo | null };

async function connectRemote(db: EmbeddedConnection): Promise<Remote> {
  const generation = db.generation; // as asked: if a new worker answers, the next call connects again
  const { id, connectionInfo } = await answer<{ id: number; connectionInfo: ConnectionInfo | null }>(
    db.call({ op: "connect" }),
  );
  return { id, generation, connectionInfo };
}

class ThreadAdapter extends ThreadQueryable implements SqlDriverAdapter {
  constructor(
    db: EmbeddedConnection,
    private remote: Remote,
  ) {
    super(db);
  }

  /** The connection in the current worker, made again after a worker was replaced. */
  private async remoteId(): Promise<number> {
    if (this.remote.generation !== this.db.generation) this.remote = await connectRemote(this.db);
    return this.remote.id;
  }

  protected async target(): Promise<Target> {
    return { adapter: await this.remoteId() };
  }

  executeScript(script: string): Promise<void> {
    return answer(this.remoteId().then((adapter) => this.db.call({ op: "executeScript", adapter, script })));
  }

  async startTransaction(isolationLevel?: IsolationLevel): Promise<Transaction> {
    const adapter = await this.remoteId();
    const generation = this.remote.generation;
    const { id, options } = await answer<{ id: number; options: TransactionOptions }>(
      this.db.call({ op: "startTransaction", adapter, isolationLevel }),
    );
    return new ThreadTransaction(this.db, id, generation, options);
  }

  getConnectionInfo(): ConnectionInfo {
    return this.remote.connectionInfo ?? { supportsRelationJoins: true };
  }

  dispose(): Promise<void> {
    if (this.remote.generation !== this.db.generation) return Promise.resolve(); // gone with its worker
    return answer(this.db.call({ op: "dispose", adapter: this.remote.id }));
  }
}

export class ThreadAdapterFactory implements SqlDriverAdapterFactory {
  readonly provider = "postgres" as const;
  readonly adapterName = ADAPTER_NAME;

  constructor(private readonly db: EmbeddedConnection) {}

  async connect(): Promise<SqlDriverAdapter> {
    return new ThreadAdapter(this.db, await connectRemote(this.db));
  }
}
