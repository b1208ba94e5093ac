// Counts the bytes a socket.io client really receives, per event name, from engine.io packets:
// what the server put on the wire, including binary attachments and the WebSocket frame header
// (server-to-client frames are unmasked; compression is off in socket.io by default). TCP/IP
// headers are not counted.
import type { Socket } from "socket.io-client";

export type ByteCounts = Map<string, { bytes: number; frames: number }>;

interface EnginePacket {
  type: string;
  data?: string | ArrayBuffer | ArrayBufferView;
}

/** WebSocket frame header bytes (server to client, unmasked) for a payload of this size. */
function frameHeader(payload: number): number {
  if (payload < 126) return 2;
  return payload < 65_536 ? 4 : 10;
}

/** Event name of a socket.io packet: `2["room:tick",...]`, `51-["room:tick",...]`, acks, ... */
function eventOf(data: string): string {
  const type = data[0];
  if (type === "3" || type === "6") return "ack";
  if (type !== "2" && type !== "5") return `sio:${type}`;
  const start = data.indexOf('["');
  return start < 0 ? "unknown" : data.slice(start + 2, data.indexOf('"', start + 2));
}

/**
 * Attaches to every engine the socket's manager opens (a new one after each reconnection).
 * Binary attachments follow their event's text packet, so they are counted under that event.
 */
export function meterSocket(socket: Socket, counts: ByteCounts): void {
  let lastEvent = "unknown";
  const add = (event: string, payload: number, newFrame: boolean) => {
    const entry = counts.get(event) ?? { bytes: 0, frames: 0 };
    entry.bytes += payload + frameHeader(payload);
    if (newFrame) entry.frames++;
    counts.set(event, entry);
  };
  socket.io.on("open", () => {
    socket.io.engine.on("packet", (packet: EnginePacket) => {
      if (typeof packet.data === "string") {
        // engine.io text frame = one type character + the payload
        const event = packet.type === "message" ? eventOf(packet.data) : `eio:${packet.type}`;
        lastEvent = event;
        add(event, 1 + Buffer.byteLength(packet.data), true);
      } else if (packet.data !== undefined) {
        add(lastEvent, packet.data.byteLength, false); // a binary attachment of the last event
      } else {
        add(`eio:${packet.type}`, 1, true); // ping, pong, ...
      }
    });
  });
}

export function bytesFor(counts: ByteCounts, event: string): { bytes: number; frames: number } {
  return counts.get(event) ?? { bytes: 0, frames: 0 };
}
