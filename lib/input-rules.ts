// Input rules shared by the server and the pages, without zod, so a phone's bundle stays small:
// limits, text cleaning, join codes and the strict learning-rate parser.

/** Join codes avoid look-alikes (0/O, 1/I/l) so they survive being read aloud off a projector. */
export const CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
export const CODE_LENGTH = 6;
export const NICKNAME_MAX = 24;
export const TITLE_MAX = 80;
export const LEARNING_RATE_MAX = 1000;
/** Here rather than in protocol.ts, so the schemas and the protocol types import each other only as types. */
export const DATASET_CHOICES = ["lesson", "housing"] as const;
export type DatasetChoice = (typeof DATASET_CHOICES)[number];
/** A round's `dataset` is a built-in's name or the id (a UUID) of an instructor's stored dataset. */
export const STORED_DATASET_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const LIMITS = { maxSteps: 10_000, stepsPerSecond: 60 } as const;
export const DEFAULT_SETTINGS = {
  dataset: "lesson",
  standardized: false,
  maxSteps: 100,
  stepsPerSecond: 5,
  optimizers: ["gd"],
} as const;

/** Characters that render as nothing or reorder text: stripped from names and titles (\p{Cc}: U+0000-001F, U+007F-009F). */
const INVISIBLE = /[\p{Cc}\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/gu;

export function cleanText(raw: string): string {
  // Line breaks and tabs become spaces first (they are control characters, but separate words).
  return raw
    .replace(/[\t\n\r\f\v]/g, " ")
    .replace(INVISIBLE, "")
    .replace(/\s+/g, " ")
    .trim();
}

/** Length in user-visible characters (code points), so an emoji counts once. */
export function textLength(text: string): number {
  return [...text].length;
}

export function normalizeCode(raw: string): string {
  return raw.replace(/[\s-]/g, "").toUpperCase();
}

const DECIMAL = /^[+]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * A learning rate from a number or a string like "1e-4" / "0.0001". Strict: "1e-4abc", "0x10",
 * "Infinity" and "" are rejected rather than half-parsed. Returns null when invalid.
 */
export function parseLearningRate(value: unknown): number | null {
  let lr: number;
  if (typeof value === "number") lr = value;
  else if (typeof value === "string" && value.length <= 64 && DECIMAL.test(value.trim())) lr = Number(value.trim());
  else return null;
  return Number.isFinite(lr) && lr > 0 && lr <= LEARNING_RATE_MAX ? lr : null;
}
