// The hand-built student tick packet must be, byte for byte, what socket.io's own encoder writes
// for the same tick: clients decode it with the stock socket.io-client.
import { Decoder, Encoder, PacketType } from "socket.io-parser";
import { describe, expect, it } from "vitest";
import type { RunStatusCode, StudentTick, YourRun } from "../../../lib/protocol";
import { seededRandom } from "../../../lib/seeded-random";
import { studentTickFrames, studentTickPacket, webSocketMessageFrame } from "../../../server/rooms/student-tick-packet";

// socket.io-parser types its output as any[]; for an event without binary it is one string.
const socketIoEncoding = (tick: StudentTick) =>
  new Encoder().encode({ type: PacketType.EVENT, nsp: "/", data: ["room:tick", tick] }) as string[];

// Losses a round really produces, and the awkward ones: huge, tiny, negative zero, non-finite
// (JSON turns those into null either way).
const AWKWARD = [14871.802500000002, 1026548766283.6302, 5e-324, 1.7976931348623157e308, -0, Infinity, NaN, 0.1 + 0.2];

describe("studentTickPacket", () => {
  it("equals socket.io's encoding of the same tick, with and without the student's run", () => {
    const random = seededRandom(20261124);
    const pick = <T>(values: readonly T[]) => values[Math.floor(random() * values.length)]!;
    const loss = () => (random() < 0.3 ? pick(AWKWARD) : random() * 10 ** (random() * 20 - 6));
    for (let trial = 0; trial < 500; trial++) {
      const tick: Omit<StudentTick, "you"> = {
        view: "student",
        round: 1 + Math.floor(random() * 9),
        step: Math.floor(random() * 10_000),
        sentAt: 1_795_000_000_000 + random() * 1e6,
        runs: Math.floor(random() * 2_000),
        top: Array.from({ length: Math.floor(random() * 4) }, (_, i) => [
          i + 1,
          loss(),
          pick([0, 1, 2, 3] as RunStatusCode[]),
        ]),
      };
      const packetFor = studentTickPacket(tick);
      const you: YourRun = [
        loss(),
        pick([0, 1, 2, 3] as RunStatusCode[]),
        1 + Math.floor(random() * 2_000),
        pick([-1, 0, 7, 149]),
      ];
      expect(packetFor(you)).toBe(socketIoEncoding({ ...tick, you })[0]);
      expect(packetFor()).toBe(socketIoEncoding(tick)[0]);
      // The frames carry the same packets, byte for byte, made without the student's text.
      const frameFor = studentTickFrames(tick);
      expect(frameFor(you).equals(webSocketMessageFrame(packetFor(you)))).toBe(true);
      expect(frameFor().equals(webSocketMessageFrame(packetFor()))).toBe(true);
    }
  });

  it("decodes, with the stock decoder, to the tick it was built from", () => {
    const tick = {
      view: "student",
      round: 2,
      step: 3,
      sentAt: 1_795_000_000_123.5,
      runs: 3,
      top: [[1, 43.05, 1]],
    } as const;
    const decoded: unknown[] = [];
    const decoder = new Decoder();
    decoder.on("decoded", (packet) => void decoded.push(packet.data));
    decoder.add(studentTickPacket({ ...tick, top: [[1, 43.05, 1]] })([1026548766283.6302, 2, 3, 1]));
    expect(decoded).toEqual([["room:tick", { ...tick, you: [1026548766283.6302, 2, 3, 1] }]]);
  });

  it("never sends a `you` given with the shared part twice", () => {
    const withYou = {
      view: "student",
      round: 1,
      step: 1,
      sentAt: 1,
      runs: 1,
      top: [],
      you: [1, 0, 1, -1],
    } as StudentTick;
    const packet = studentTickPacket(withYou)([2, 0, 1, -1]);
    expect(packet.match(/"you"/g)).toHaveLength(1);
    const [, sent] = JSON.parse(packet.slice(1)) as [string, StudentTick];
    expect(sent.you).toEqual([2, 0, 1, -1]);
  });
});

/** Reads one server-to-client frame the way RFC 6455 §5.2 lays it out. */
function readFrame(frame: Buffer): { fin: boolean; opcode: number; masked: boolean; payload: string } {
  let length = frame[1]! & 0x7f;
  let offset = 2;
  if (length === 126) [length, offset] = [frame.readUInt16BE(2), 4];
  else if (length === 127) [length, offset] = [Number(frame.readBigUInt64BE(2)), 10];
  expect(frame.length).toBe(offset + length);
  return {
    fin: (frame[0]! & 0x80) !== 0,
    opcode: frame[0]! & 0x0f,
    masked: (frame[1]! & 0x80) !== 0,
    payload: frame.toString("utf8", offset),
  };
}

describe("webSocketMessageFrame", () => {
  it("is RFC 6455's single unmasked text frame (its own example, with engine.io's message type)", () => {
    expect([...webSocketMessageFrame("Hell")]).toEqual([0x81, 0x05, 0x34, 0x48, 0x65, 0x6c, 0x6c]);
  });

  it("uses the 7-bit, 16-bit and 64-bit lengths at their boundaries, counting UTF-8 bytes", () => {
    const cases: [string, number][] = [
      ["", 2],
      ["x".repeat(124), 2], // 125 bytes with the "4"
      ["x".repeat(125), 4],
      ["é".repeat(63), 4], // 127 bytes: the length is in bytes, not characters
      ["x".repeat(65_534), 4],
      ["x".repeat(65_535), 10],
    ];
    for (const [packet, header] of cases) {
      const frame = webSocketMessageFrame(packet);
      expect(frame.length - Buffer.byteLength(packet) - 1).toBe(header);
      expect(readFrame(frame)).toEqual({ fin: true, opcode: 1, masked: false, payload: `4${packet}` });
    }
  });
});
