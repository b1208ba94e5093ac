// Runtime validation of everything a client sends. Strict objects: unknown keys are an error, not
// silently dropped, so a misbehaving client learns early. Shared with the pages so a phone shows
// the same verdict on a learning rate before it is even sent.
import { z } from "zod";
import {
  CODE_ALPHABET,
  CODE_LENGTH,
  DATASET_CHOICES,
  LIMITS,
  NICKNAME_MAX,
  STORED_DATASET_ID,
  TITLE_MAX,
  cleanText,
  normalizeCode,
  textLength,
} from "./input-rules";

import { OPTIMIZER_IDS, isValidMomentum } from "./gd/optimizers";

export * from "./input-rules";

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

const optimizerSchema = z.enum(OPTIMIZER_IDS);

/** At least one, no repeats; kept in OPTIMIZER_IDS order so equal choices are stored alike. */
const optimizersSchema = z
  .array(optimizerSchema)
  .min(1)
  .max(OPTIMIZER_IDS.length)
  .refine((list) => new Set(list).size === list.length, { message: "each optimizer at most once" })
  .transform((list) => OPTIMIZER_IDS.filter((id) => list.includes(id)));

export const roundSettingsSchema = z
  .object({
    // A built-in's name, or an instructor's dataset id: whose it is, the server checks (INVALID_DATASET).
    dataset: z
      .string()
      .refine((id) => (DATASET_CHOICES as readonly string[]).includes(id) || STORED_DATASET_ID.test(id), {
        message: `a dataset is ${DATASET_CHOICES.join(" or ")}, or the id of one of your datasets`,
      }),
    standardized: z.boolean(),
    maxSteps: z.number().int().min(1).max(LIMITS.maxSteps),
    stepsPerSecond: z.number().int().min(1).max(LIMITS.stepsPerSecond),
    optimizers: optimizersSchema,
  })
  .strict();

export const schemas = {
  createSession: roundSettingsSchema.partial().extend({ title: titleSchema.optional() }).strict(),
  // Without hostToken, the socket's signed-in instructor must own the session (or be an admin).
  hostAttach: z.object({ code: codeSchema, hostToken: tokenSchema.optional() }).strict(),
  empty: z.union([z.undefined(), z.null(), z.object({}).strict()]),
  newRound: roundSettingsSchema.partial(),
  lock: z.object({ locked: z.boolean() }).strict(),
  kick: z.object({ participantId: z.string().uuid() }).strict(),
  join: z.object({ code: codeSchema, nickname: nicknameSchema, resumeToken: tokenSchema.optional() }).strict(),
  // Any value: a bad one is INVALID_LEARNING_RATE (see parseLearningRate), a missing one is not.
  submit: z
    .object({
      learningRate: z.unknown(),
      optimizer: optimizerSchema.optional(),
      momentum: z.number().refine(isValidMomentum, { message: "momentum is beta, 0 <= beta < 1" }).optional(),
    })
    .strict()
    .refine((payload) => payload.learningRate !== undefined, {
      message: "learningRate is required",
      path: ["learningRate"],
    })
    .refine((payload) => payload.momentum === undefined || payload.optimizer === "momentum", {
      message: 'momentum is only for optimizer "momentum"',
      path: ["momentum"],
    }),
} as const;
