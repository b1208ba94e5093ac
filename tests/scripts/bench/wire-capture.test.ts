// The fan-out bench's wire timings come from parsing tcpdump's file: checked on a hand-built
// capture laid out as pcap (24-byte file header, 16-byte record headers) with Ethernet, IPv4 and
// TCP headers around WebSocket frames, the way tcpdump writes loopback traffic.
import { describe, expect, it } from "vitest";
import { webSocketMessageFrame } from "../../../server/rooms/student-tick-packet";
import { studentTickArrivals } from "../../../scripts/bench/wire-capture";

function record(ms: number, destinationPort: number, payload: Buffer, destinationAddress = 0x7f000001): Buffer {
  const ethernet = Buffer.alloc(14);
  ethernet.writeUInt16BE(0x0800, 12);
  const ip = Buffer.alloc(20);
  ip[0] = 0x45; // IPv4, 5 words of header
  ip.writeUInt32BE(destinationAddress, 16);
  const tcp = Buffer.alloc(20);
  tcp.writeUInt16BE(3000, 0);
  tcp.writeUInt16BE(destinationPort, 2);
  tcp[12] = 5 << 4; // 5 words of header
  const frame = Buffer.concat([ethernet, ip, tcp, payload]);
  const header = Buffer.alloc(16);
  header.writeUInt32LE(Math.floor(ms / 1000), 0);
  header.writeUInt32LE(Math.round((ms % 1000) * 1000), 4); // microseconds
  header.writeUInt32LE(frame.length, 8);
  header.writeUInt32LE(frame.length, 12);
  return Buffer.concat([header, frame]);
}

function pcap(records: Buffer[]): Buffer {
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0);
  return Buffer.concat([header, ...records]);
}

const tick = (step: number) =>
  webSocketMessageFrame(`2["room:tick",{"view":"student","round":1,"step":${step},"runs":2}]`);

describe("studentTickArrivals", () => {
  it("takes each socket's first sight of a step and spans first to last socket", () => {
    const arrivals = studentTickArrivals(
      pcap([
        record(1_000.5, 40001, tick(1)),
        record(1_012.25, 40002, tick(1)),
        record(1_013, 40002, tick(1)), // the same socket again (a retransmission): not a new arrival
        record(1_100, 40001, Buffer.concat([tick(2), tick(3)])), // two frames in one segment
        record(1_104, 40002, tick(2)),
        record(1_105, 40002, webSocketMessageFrame('2["room:state",{"step":4}]')), // not a tick
        record(1_106, 40002, tick(2), 0x7f000002), // another address, the same port: another socket
      ]),
    );
    expect(arrivals.arrivals).toBe(6);
    expect(arrivals.steps.get(1)).toEqual([1_000.5, 1_012.25]);
    expect(arrivals.steps.get(2)).toEqual([1_100, 1_106]);
    expect(arrivals.steps.get(3)).toEqual([1_100, 1_100]);
    expect(arrivals.steps.has(4)).toBe(false);
  });

  it("refuses a file that is not a pcap capture", () => {
    expect(() => studentTickArrivals(Buffer.alloc(24))).toThrow(/pcap/);
  });
});
