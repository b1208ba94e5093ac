// Seeded generator of hostile payloads: wrong types, edge numbers, prototype keys, huge strings,
// deep nesting, binary attachments. Same seed, same payloads.

import { seededRandom } from "../../lib/seeded-random";

const NUMBERS = [
  Number.NaN,
  Infinity,
  -Infinity,
  -0,
  0,
  1,
  -1,
  1e-4,
  2.5e-4,
  1000,
  1000.0001,
  Number.MAX_VALUE,
  1e-400,
  2 ** 53,
  -(2 ** 31),
  0.1 + 0.2,
  Number.MIN_VALUE,
];
const STRINGS = [
  "",
  " ",
  "1e-4",
  "0.0001",
  "1e400",
  "NaN",
  "-0",
  "0x10",
  "ABC234",
  "abc 234",
  "<script>alert(1)</script>",
  "💥🚀",
  "名字",
  "\u202eevil",
  "\u200b",
  "a".repeat(25),
  "__proto__",
  "constructor",
  '{"a":1}',
  "lesson",
  "housing",
];
const KEYS = [
  "code",
  "nickname",
  "learningRate",
  "hostToken",
  "resumeToken",
  "participantId",
  "locked",
  "dataset",
  "standardized",
  "maxSteps",
  "stepsPerSecond",
  "title",
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "extra",
];
export const EVENTS = [
  "host:attach",
  "host:start",
  "host:pause",
  "host:resume",
  "host:step",
  "host:newRound",
  "host:lock",
  "host:kick",
  "host:end",
  "student:join",
  "student:submit",
];

export function makePayloadGenerator(seed: number) {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

  function value(depth: number): unknown {
    const roll = random();
    if (roll < 0.15) return pick(NUMBERS);
    if (roll < 0.3) return pick(STRINGS);
    if (roll < 0.35) return random() < 0.5;
    if (roll < 0.4) return null;
    // Rare, because each one makes the server drop the connection (over its 32 kB limit).
    if (roll < 0.403) return "x".repeat(Math.floor(random() * 1_100_000)); // up to 1 MB
    if (roll < 0.43) return Buffer.from(Array.from({ length: 16 }, () => Math.floor(random() * 256)));
    if (roll < 0.435) return deepNest(Math.floor(random() * 1_000));
    if (roll < 0.45) return "y".repeat(Math.floor(random() * 10_000)); // long, under the limit
    if (depth > 3) return pick(STRINGS);
    if (roll < 0.6) return Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1));
    return object(depth + 1);
  }

  function object(depth: number): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    const count = Math.floor(random() * 4);
    for (let i = 0; i < count; i++)
      Object.defineProperty(result, pick(KEYS), {
        value: value(depth),
        enumerable: true,
        configurable: true,
        writable: true,
      });
    return result;
  }

  function deepNest(depth: number): unknown {
    let nested: unknown = 1;
    for (let i = 0; i < depth; i++) nested = random() < 0.5 ? [nested] : { a: nested };
    return nested;
  }

  return {
    next(): { event: string; payload: unknown } {
      const event =
        random() < 0.1
          ? `${pick(["room", "host", "student", "admin"])}:${pick(["tick", "hack", "state", "x"])}`
          : pick(EVENTS);
      return { event, payload: random() < 0.1 ? undefined : value(0) };
    },
  };
}
