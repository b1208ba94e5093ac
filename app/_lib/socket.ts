"use client";
// One socket.io connection per page, same origin, default path. socket.io reconnects by itself;
// pages re-attach / re-join in their "connect" listener with the secret kept in localStorage: the
// server does not replay missed packets (docs/decisions/0005-reconnection.md).
//
// socket.io-client (~13 KB gzipped) is not part of a page's first load: its chunk is requested as
// soon as this module runs, in parallel with the page becoming usable (a phone can type its code
// and nickname meanwhile), and commands wait for it (`whenSocket`).
import { useCallback, useEffect, useRef, useState } from "react";
import type { Socket } from "socket.io-client";
import type {
  Ack,
  ClientToServerEvents,
  CommandName,
  CommandPayload,
  CommandReply,
  ServerToClientEvents,
} from "../../lib/protocol";
import { OFFLINE, type CommandResult } from "./command-result";
import type { ConnectionTrouble } from "./connection-trouble";

// The connection watch only matters once there is a socket: it comes with socket.io-client.
type SocketModules = [typeof import("socket.io-client"), typeof import("./connection-watch")];
let socketModule: Promise<SocketModules> | null = null;
const loadSocketModule = () =>
  (socketModule ??= Promise.all([import("socket.io-client"), import("./connection-watch")]));
if (typeof window !== "undefined") void loadSocketModule();

export type ArenaClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type Connection = "connecting" | "connected" | "reconnecting";

const ACK_TIMEOUT_MS = 10_000;

/** Commands without a payload may leave it out. */
export type PayloadArgs<E extends CommandName> =
  undefined extends CommandPayload<E> ? [payload?: CommandPayload<E>] : [payload: CommandPayload<E>];

/** Emits a command and resolves with its ack, or with OFFLINE when none arrives in time. */
export function request<E extends CommandName>(
  socket: ArenaClientSocket,
  event: E,
  ...[payload]: PayloadArgs<E>
): Promise<CommandResult<CommandReply<E>>> {
  const send: Emitter<E> = EMITTERS[event];
  return new Promise((resolve) => {
    send(socket.timeout(ACK_TIMEOUT_MS), payload ?? {}, (error, response) => resolve(error ? OFFLINE : response));
  });
}

// socket.io's types cannot follow a generic event name through timeout() (its emitWithAck even
// returns `any` there), but they check each concrete call: one line per command, and a command
// missing here fails type-checking.
type TimedSocket = ReturnType<ArenaClientSocket["timeout"]>;
type Emitter<E extends CommandName> = (
  socket: TimedSocket,
  payload: CommandPayload<E>,
  ack: (error: Error | null, response: Ack<CommandReply<E>>) => void,
) => void;
const EMITTERS: { [E in CommandName]: Emitter<E> } = {
  "host:attach": (socket, payload, ack) => socket.emit("host:attach", payload, ack),
  "host:start": (socket, payload, ack) => socket.emit("host:start", payload, ack),
  "host:pause": (socket, payload, ack) => socket.emit("host:pause", payload, ack),
  "host:resume": (socket, payload, ack) => socket.emit("host:resume", payload, ack),
  "host:step": (socket, payload, ack) => socket.emit("host:step", payload, ack),
  "host:newRound": (socket, payload, ack) => socket.emit("host:newRound", payload, ack),
  "host:lock": (socket, payload, ack) => socket.emit("host:lock", payload, ack),
  "host:kick": (socket, payload, ack) => socket.emit("host:kick", payload, ack),
  "host:end": (socket, payload, ack) => socket.emit("host:end", payload, ack),
  "student:join": (socket, payload, ack) => socket.emit("student:join", payload, ack),
  "student:submit": (socket, payload, ack) => socket.emit("student:submit", payload, ack),
};

/**
 * Opens the socket on mount and closes it on unmount. `setup` registers listeners once per
 * socket (it is read through a ref, so callers need not memoise it). `whenSocket` resolves with
 * the socket once it exists (commands emitted before it connects are sent on connection), or
 * with null after unmount. `trouble` says why the socket has not connected for a few seconds
 * (connection-watch.ts), null while all is well.
 */
export function useArenaSocket(setup: (socket: ArenaClientSocket) => void | (() => void)) {
  const [connection, setConnection] = useState<Connection>("connecting");
  const [trouble, setTrouble] = useState<ConnectionTrouble | null>(null);
  const ready = useRef<Promise<ArenaClientSocket | null>>(Promise.resolve(null));
  const setupRef = useRef(setup);
  useEffect(() => {
    setupRef.current = setup;
  });

  useEffect(() => {
    let unmounted = false;
    let close = () => {};
    ready.current = loadSocketModule().then(([{ io }, { watchConnection }]) => {
      if (unmounted) return null;
      const socket: ArenaClientSocket = io({ transports: ["websocket", "polling"] });
      const cleanup = setupRef.current(socket);
      const onConnect = () => setConnection("connected");
      const onDisconnect = () => setConnection("reconnecting");
      socket.on("connect", onConnect);
      socket.on("disconnect", onDisconnect);
      const unwatch = watchConnection(socket, setTrouble);
      close = () => {
        unwatch();
        cleanup?.();
        socket.off("connect", onConnect);
        socket.off("disconnect", onDisconnect);
        socket.disconnect();
      };
      return socket;
    });
    return () => {
      unmounted = true;
      close();
      ready.current = Promise.resolve(null);
    };
  }, []);

  const whenSocket = useCallback(() => ready.current, []);
  return { whenSocket, connection, trouble };
}
