"use client";
// One socket.io connection per page, same origin, default path. socket.io reconnects by itself;
// pages re-attach / re-join in their "connect" listener with the secret kept in localStorage: the
// server does not replay missed packets (docs/decisions/0005-reconnection.md).
import { useEffect, useRef, useState } from "react";
import { io, type Socket } from "socket.io-client";
import type { Ack, ClientToServerEvents, ServerToClientEvents } from "../protocol";

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
 * socket (it is read through a ref, so callers need not memoise it).
 */
export function useArenaSocket(setup: (socket: ArenaClientSocket) => void | (() => void)) {
  const [connection, setConnection] = useState<Connection>("connecting");
  const socketRef = useRef<ArenaClientSocket | null>(null);
  const setupRef = useRef(setup);
  useEffect(() => {
    setupRef.current = setup;
  });

  useEffect(() => {
    const socket: ArenaClientSocket = io({ transports: ["websocket", "polling"] });
    socketRef.current = socket;
    const cleanup = setupRef.current(socket);
    const onConnect = () => setConnection("connected");
    const onDisconnect = () => setConnection("reconnecting");
    socket.on("connect", onConnect);
    socket.on("disconnect", onDisconnect);
    return () => {
      cleanup?.();
      socket.off("connect", onConnect);
      socket.off("disconnect", onDisconnect);
      socket.disconnect();
      socketRef.current = null;
    };
  }, []);

  return { socketRef, connection };
}
