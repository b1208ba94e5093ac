// One way to tell a client what was wrong with what it sent: each problem zod found, with where
// it is ("learningRate: ..."), for socket acks, API answers and configuration errors alike.
import type { z } from "zod";

/** Every problem, one line each ("where: what"). */
export function issueMessages(error: z.ZodError, whole = "payload"): string[] {
  if (error.issues.length === 0) return [`invalid ${whole}`];
  return error.issues.map((issue) => `${issue.path.length ? issue.path.join(".") : whole}: ${issue.message}`);
}

/** The first problem: what a client is told (one thing to fix at a time). */
export function firstIssueMessage(error: z.ZodError, whole = "payload"): string {
  return issueMessages(error, whole)[0]!;
}
