// Runtime validation of everything a client sends. Strict objects: unknown keys are an error, not
// silently dropped, so a misbehaving client learns early. Shared with the pages so a phone shows
// the same verdict on a learning rate before it is even sent.
import { z } from "zod";
import { DATASET_CHOICES } from "./protocol";

/** Join codes avoid look-alikes (0/O, 1/I/l) so they survive being read aloud off a projector. */
export const CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
export const CODE_LENGTH = 6;
export const NICKNAME_MAX = 24;
export const TITLE_MAX = 80;
export const LEARNING_RATE_MAX = 1000;
export const LIMITS = { maxSteps: 10_000, stepsPerSecond: 60 } as const;
export const DEFAULT_SETTINGS = {
  dataset: "lesson",
  standardized: false,
  maxSteps: 100,
  stepsPerSecond: 5,
} as const;

/** Characters that render as nothing or reorder text: stripped from names and titles. */
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g;

export function cleanText(raw: string): string {
  // Line breaks and tabs become spaces first (they are control characters, but separate words).
  return raw.replace(/[\t\n\r\f\v]/g, " ").replace(INVISIBLE, "").replace(/\s+/g, " ").trim();
}

/** Length in user-visible characters (code points), so an emoji counts once. */
export function textLength(text: string): number {
  return [...text].length;
}

export function normalizeCode(raw: string): string {
  return raw.replace(/[\s-]/g, "").toUpperCase();
}

const codeSchema = z
  .string()
  .max(32)
  .transform(normalizeCode)
  .refine((code) => code.length === CODE_LENGTH && [...code].every((c) => CODE_ALPHABET.includes(c)), {
    message: "a join code is 6 letters and digits",
  });

const tokenSchema = z.string().regex(/^[A-Za-z0-9_-]{16,128}$/);

export const nicknameSchema = z
  .string()
  .max(200)
  .transform(cleanText)
  .refine((name) => textLength(name) >= 1 && textLength(name) <= NICKNAME_MAX, {
    message: `a nickname has 1 to ${NICKNAME_MAX} characters`,
  });

export const titleSchema = z
  .string()
  .max(400)
  .transform(cleanText)
  .refine((title) => textLength(title) <= TITLE_MAX, { message: `a title has at most ${TITLE_MAX} characters` });

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

export const roundSettingsSchema = z
  .object({
    dataset: z.enum(DATASET_CHOICES),
    standardized: z.boolean(),
    maxSteps: z.number().int().min(1).max(LIMITS.maxSteps),
    stepsPerSecond: z.number().int().min(1).max(LIMITS.stepsPerSecond),
  })
  .strict();

export const schemas = {
  createSession: roundSettingsSchema.partial().extend({ title: titleSchema.optional() }).strict(),
  hostAttach: z.object({ code: codeSchema, hostToken: tokenSchema }).strict(),
  empty: z.union([z.undefined(), z.null(), z.object({}).strict()]),
  newRound: roundSettingsSchema.partial(),
  lock: z.object({ locked: z.boolean() }).strict(),
  kick: z.object({ participantId: z.string().uuid() }).strict(),
  join: z
    .object({ code: codeSchema, nickname: nicknameSchema, resumeToken: tokenSchema.optional() })
    .strict(),
  // Any value: a bad one is INVALID_LEARNING_RATE (see parseLearningRate), a missing one is not.
  submit: z
    .object({ learningRate: z.unknown() })
    .strict()
    .refine((payload) => payload.learningRate !== undefined, { message: "learningRate is required", path: ["learningRate"] }),
} as const;
