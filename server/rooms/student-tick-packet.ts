// A student's `room:tick` exactly as socket.io would put it on the wire: an EVENT packet of the main
// namespace, `2["room:tick",{...}]` (socket.io protocol v5, no binary, no ack). Every student's tick
// is the same but for `you`, so the shared part is encoded once per step and each student's packet
// is that text plus their own run. socket.io would walk and stringify the whole tick per student:
// at 2,000 students that was a third of the cost of sending a step (docs/performance.md).
import type { StudentTick, YourRun } from "../../lib/protocol";

/** Encodes `tick` once; the function returned gives the packet for a student with run `you`. */
export function studentTickPacket(tick: Omit<StudentTick, "you">): (you?: YourRun) => string {
  const shared = JSON.stringify({ ...tick, you: undefined }); // a stray `you` would be sent twice
  const alone = `2["room:tick",${shared}]`;
  // `{...,"top":[...]}` minus its closing brace, ready for `,"you":[...]}`: the same text
  // JSON.stringify gives for `{ ...tick, you }`, since `you` is the last key.
  const head = `2["room:tick",${shared.slice(0, -1)},"you":`;
  return (you) => (you === undefined ? alone : `${head}${JSON.stringify(you)}}]`);
}

/**
 * The same packets as WebSocket frames (webSocketMessageFrame), made without each student's packet
 * text: the shared part's bytes are made once and copied into each frame beside the student's own
 * run. A 200-byte string per student, built, flattened and copied, was a tenth of all a
 * 2,000-student round allocated, and garbage collection is what its slowest steps waited on
 * (docs/performance.md).
 */
export function studentTickFrames(tick: Omit<StudentTick, "you">): (you?: YourRun) => Buffer {
  const shared = JSON.stringify({ ...tick, you: undefined });
  const alone = webSocketMessageFrame(`2["room:tick",${shared}]`);
  const head = Buffer.from(`42["room:tick",${shared.slice(0, -1)},"you":`); // "4": engine.io's message
  return (you) => {
    if (you === undefined) return alone; // the same bytes for every such student: never written to
    const own = JSON.stringify(you); // numbers (or null): ASCII, one byte a character
    const length = head.length + own.length + 2;
    const frame = frameWithHeader(length);
    const start = frame.length - length;
    head.copy(frame, start);
    frame.write(own, start + head.length, "latin1");
    frame[frame.length - 2] = 0x7d; // }
    frame[frame.length - 1] = 0x5d; // ]
    return frame;
  };
}

/**
 * The WebSocket frame carrying `packet` as an engine.io message (`4` + packet): RFC 6455 §5.2, FIN,
 * text, unmasked (server to client), header and payload in one buffer. socket.io's own broadcasts
 * hand engine.io such a frame (`wsPreEncodedFrame`, made by ws's `Sender.frame`) so it is built
 * once; here each student's frame is different, and one buffer makes it one socket write instead
 * of a corked pair.
 */
export function webSocketMessageFrame(packet: string): Buffer {
  const length = Buffer.byteLength(packet) + 1;
  const frame = frameWithHeader(length);
  const start = frame.length - length;
  frame[start] = 0x34; // "4", engine.io's message packet type
  frame.write(packet, start + 1, "utf8");
  return frame;
}

/** A buffer for a text frame of `length` payload bytes, its header written, its payload not. */
function frameWithHeader(length: number): Buffer {
  let header = 2; // lengths up to 125 fit in the second byte; 126 and 127 announce 2 or 8 more
  if (length >= 126) header = length < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(header + length);
  frame[0] = 0x81;
  if (header === 2) frame[1] = length;
  else if (header === 4) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  return frame;
}
