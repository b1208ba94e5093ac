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
