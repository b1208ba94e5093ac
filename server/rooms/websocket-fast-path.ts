// A student's tick written straight to its WebSocket, past socket.io's and engine.io's queues, when
// nothing is waiting in them. engine.io itself hands pre-encoded frames to the same `ws` sender
// (`_sender.sendFrame`, its WebSocket transport); going there directly skips, per student and
// step, socket.io's packet routing, engine.io's packet object, write buffer, flush and drain
// events and their debug calls: about a third of all a 2,000-student round allocated, whose
// garbage collections made its slowest steps (docs/performance.md, "A class behind one address").
//
// Order is kept: the frame goes on the same TCP stream after everything engine.io has already
// written, and only when engine.io holds nothing back (an empty write buffer); otherwise, or on
// long-polling, during an upgrade or with compression on, the caller sends it the usual way.

/** The parts of engine.io's connection (and of `ws` under it) the fast path reads. */
interface EngineConnection {
  readyState?: string;
  upgrading?: boolean;
  writeBuffer?: unknown[];
  transport?: {
    name?: string;
    opts?: { perMessageDeflate?: unknown };
    socket?: { readyState?: number; _sender?: { sendFrame?: (list: Buffer[]) => void } };
  };
}

const WEBSOCKET_OPEN = 1;

/** Writes `frame` to the connection's WebSocket and returns true, or returns false and writes nothing. */
export function sendFrameDirectly(connection: unknown, frame: Buffer): boolean {
  const engine = (connection ?? {}) as EngineConnection;
  if (engine.readyState !== "open" || engine.upgrading || engine.writeBuffer?.length !== 0) return false;
  const transport = engine.transport;
  if (transport?.name !== "websocket" || transport.opts?.perMessageDeflate) return false;
  const webSocket = transport.socket;
  const sender = webSocket?._sender;
  if (webSocket?.readyState !== WEBSOCKET_OPEN || typeof sender?.sendFrame !== "function") return false;
  sender.sendFrame([frame]);
  return true;
}
