// Notices a socket that does not connect and finds out why, so a page can say so instead of
// showing "Connecting…" forever. socket.io keeps retrying by itself (1 s, 2 s, 4 s, then every
// ~5 s); this only watches, except after a refusal by a connection middleware, which socket.io
// does not retry: then it reconnects after `retryMs` itself.
import type { Socket } from "socket.io-client";
import { checkConnection, RECHECK_MS, refusalOf, TROUBLE_AFTER_MS, type ConnectionTrouble } from "./connection-trouble";

export interface WatchOptions {
  troubleAfterMs?: number;
  recheckMs?: number;
  retryMs?: number;
  check?: () => Promise<ConnectionTrouble>;
}

type WatchedSocket = Pick<Socket, "connected" | "active" | "on" | "off" | "connect">;

/**
 * Calls `report` with a trouble once the socket has not connected for `troubleAfterMs` (from now,
 * or from a drop), again when the diagnosis changes, and with null when it connects. Returns stop.
 */
export function watchConnection(
  socket: WatchedSocket,
  report: (trouble: ConnectionTrouble | null) => void,
  options: WatchOptions = {},
): () => void {
  const { troubleAfterMs = TROUBLE_AFTER_MS, recheckMs = RECHECK_MS, retryMs = 5_000 } = options;
  const check = options.check ?? checkConnection;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let lastCheck = -Infinity;
  let checking = false;
  let shown = false;
  let stopped = false;

  // Not while connected, nor after the page itself closed the socket (active is false then).
  const wanted = () => !stopped && !socket.connected && (socket.active || retry !== undefined);
  const show = (trouble: ConnectionTrouble) => {
    if (!wanted()) return;
    shown = true;
    report(trouble);
  };
  const diagnose = async () => {
    if (checking || !wanted()) return;
    checking = true;
    lastCheck = Date.now();
    const trouble = await check();
    checking = false;
    show(trouble);
  };
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void diagnose(), troubleAfterMs);
  };

  const onConnect = () => {
    clearTimeout(timer);
    if (!shown) return;
    shown = false;
    report(null);
  };
  const onDisconnect = () => {
    if (socket.active) arm();
  };
  const onError = (error: Error & { data?: unknown }) => {
    if (!socket.active && retry === undefined)
      retry = setTimeout(() => {
        retry = undefined;
        socket.connect();
      }, retryMs);
    // A middleware that refuses says why (in `data`): no need to ask, nor to wait.
    const refused = refusalOf(error.data);
    if (refused) show(refused);
    else if (shown && Date.now() - lastCheck >= recheckMs) void diagnose();
  };

  socket.on("connect", onConnect);
  socket.on("disconnect", onDisconnect);
  socket.on("connect_error", onError);
  if (!socket.connected) arm();
  return () => {
    stopped = true;
    clearTimeout(timer);
    clearTimeout(retry);
    socket.off("connect", onConnect);
    socket.off("disconnect", onDisconnect);
    socket.off("connect_error", onError);
  };
}
