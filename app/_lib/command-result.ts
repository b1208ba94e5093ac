// What a command comes back with on a page: the server's ack, or "offline" when no ack arrived in
// time (the network is gone, or the socket never connected). Offline is not a server error: the
// server may never have seen the command, and the page says "check the connection", not "the
// server failed".
import type { Ack, ErrorCode } from "../../lib/protocol";
import { errorMessageKey, type MessageKey } from "../../lib/i18n";

export interface Offline {
  ok: false;
  offline: true;
}
export const OFFLINE: Offline = { ok: false, offline: true };

export type CommandResult<T extends object = object> = Ack<T> | Offline;

/** Why a command did not go through, for the page to show. */
export type CommandFailure = { kind: "offline" } | { kind: "refused"; code: ErrorCode };

/** The failure of a result that is not ok. */
export function failureOf(result: Exclude<CommandResult, { ok: true }>): CommandFailure {
  return "offline" in result ? { kind: "offline" } : { kind: "refused", code: result.error.code };
}

export function failureMessageKey(failure: CommandFailure): MessageKey {
  return failure.kind === "offline" ? "error.network" : errorMessageKey(failure.code);
}
