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
import type { Ack, ClientToServerEvents, ServerToClientEvents } from "../../lib/protocol";

type SocketModule = typeof import("socket.io-client");
let socketModule: Promise<SocketModule> | null = null;
const loadSocketModule = () => (socketModule ??= import("socket.io-client"));
if (typeof window !== "undefined") void loadSocketModule();

export type ArenaClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type Connection = "connecting" | "connected" | "reconnecting";

const ACK_TIMEOUT_MS = 10_000;

/** Emits a command and resolves with its ack; a timeout reads as a network error. */
export function request<T extends object = object>(
  socket: ArenaClientSocket,
  event: keyof ClientToServerEvents,
  payload?: unknown,
): Promise<Ack<T>> {
  // socket.io's typed emit cannot express "ack with timeout" for our loose Handler type.
  const timed = socket.timeout(ACK_TIMEOUT_MS) as unknown as {
    emit(event: string, payload: unknown, ack: (error: Error | null, response: Ack<T>) => void): void;
  };
  return new Promise((resolve) => {
    timed.emit(event, payload ?? {}, (error, response) => {
      resolve(error ? { ok: false, error: { code: "INTERNAL", message: "network" } } : response);
    });
  });
}

/**
 * Opens the socket on mount and closes it on unmount. `setup` registers listeners once per
 * socket (it is read through a ref, so callers need not memoise it). `whenSocket` resolves with
 * the socket once it exists (commands emitted before it connects are sent on connection), or
 * with null after unmount.
 */
export function useArenaSocket(setup: (socket: ArenaClientSocket) => void | (() => void)) {
  const [connection, setConnection] = useState<Connection>("connecting");
  const ready = useRef<Promise<ArenaClientSocket | null>>(Promise.resolve(null));
  const setupRef = useRef(setup);
  useEffect(() => {
    setupRef.current = setup;
  });

  useEffect(() => {
    let unmounted = false;
    let close = () => {};
    ready.current = loadSocketModule().then(({ io }) => {
      if (unmounted) return null;
      const socket: ArenaClientSocket = io({ transports: ["websocket", "polling"] });
      const cleanup = setupRef.current(socket);
      const onConnect = () => setConnection("connected");
      const onDisconnect = () => setConnection("reconnecting");
      socket.on("connect", onConnect);
      socket.on("disconnect", onDisconnect);
      close = () => {
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
  return { whenSocket, connection };
}
