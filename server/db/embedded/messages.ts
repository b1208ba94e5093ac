// What the server's thread and the embedded database's worker thread say to each other
// (docs/decisions/0006-embedded-database-thread.md). Everything here crosses a MessagePort, so it
// is plain data: queries and result sets as Prisma's driver-adapter interface defines them.
import type { IsolationLevel, SqlQuery } from "@prisma/driver-adapter-utils";

/** Given to the worker at start (`workerData`). */
export interface WorkerOptions {
  /** Folder of the database; null keeps it in memory (tests). */
  dataDir: string | null;
  /** Apply prisma/migrations before answering "ready". */
  migrate: boolean;
  /** For a new folder: the empty-database template to unpack into it instead of running initdb. */
  template?: string;
}

/** Which connection a query runs on: an adapter, or a transaction opened on one. */
export type Target = { adapter: number } | { tx: number };

export type Request =
  | { op: "connect" }
  | { op: "queryRaw" | "executeRaw"; on: Target; query: SqlQuery }
  | { op: "executeScript"; adapter: number; script: string }
  | { op: "startTransaction"; adapter: number; isolationLevel?: IsolationLevel }
  | { op: "commit" | "rollback"; tx: number }
  | { op: "dispose"; adapter: number }
  | { op: "close" };

export interface Envelope {
  id: number;
  request: Request;
}

/**
 * An error as it crosses the thread boundary. `cause` is a DriverAdapterError's payload (the kind
 * of failure, e.g. a unique constraint): Prisma turns it into its own error codes (P2002...).
 */
export interface SerializedError {
  name: string;
  message: string;
  cause?: unknown;
}

export type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: SerializedError };

/** The worker's first message: the database is open (and migrated), or it could not be. */
export type Startup = { type: "ready"; appliedMigrations: string[] } | { type: "failed"; error: SerializedError };

export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { name: "Error", message: String(error) };
  // Matched by name: the adapter may bring its own copy of the DriverAdapterError class.
  if (error.name === "DriverAdapterError") return { name: error.name, message: error.message, cause: error.cause };
  return { name: error.name, message: error.message };
}
