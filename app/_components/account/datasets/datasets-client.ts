// The Datasets section's calls to /api/datasets, through fetch-json.ts (they never throw; a network
// failure is code "NETWORK"); a refusal keeps its whole error: INVALID_DATASET's `problem`
// is what lets the page say which row and column in the reader's language.
import type { DatasetInfo, DatasetList, DatasetWithCsv } from "../../../../lib/api-types";
import { csvProblemText, type CsvProblem } from "../../../../lib/datasets";
import { errorMessageKey, type Translate } from "../../../../lib/i18n";
import { callJson } from "../fetch-json";

export interface DatasetReply<T> {
  body: T | null;
  /** "" when the call succeeded. */
  code: string;
  problem?: CsvProblem;
  /** The server's own (English) words, for refusals the page has no text of its own for. */
  message?: string;
}

async function call<T>(path: string, method = "GET", payload?: unknown): Promise<DatasetReply<T>> {
  const reply = await callJson<T>(path, method, payload);
  if (!reply.code) return { body: reply.body, code: "" };
  const error = (reply.refusal as { error?: { message?: unknown; problem?: CsvProblem } } | null)?.error;
  return {
    body: null,
    code: reply.code,
    problem: error?.problem,
    message: typeof error?.message === "string" ? error.message : undefined,
  };
}

export const datasetsApi = {
  list: () => call<DatasetList>("/api/datasets"),
  get: (id: string) => call<DatasetWithCsv>(`/api/datasets/${encodeURIComponent(id)}`),
  create: (body: { name: string; csv: string; initialWeights: number[]; initialBias: number }) =>
    call<DatasetInfo>("/api/datasets", "POST", body),
  update: (id: string, body: { name?: string; initialWeights?: number[]; initialBias?: number }) =>
    call<DatasetInfo>(`/api/datasets/${encodeURIComponent(id)}`, "PATCH", body),
  remove: (id: string) => call<null>(`/api/datasets/${encodeURIComponent(id)}`, "DELETE"),
};

/** A refusal in words: a CSV problem translated, else the code's own text. */
export function datasetErrorText(t: Translate, reply: DatasetReply<unknown>): string {
  if (reply.problem) return csvProblemText(t, reply.problem);
  if (reply.code === "NETWORK") return t("error.network");
  // Initial weights that do not fit: the server's sentence names which one (English only).
  if (reply.code === "INVALID_DATASET" && reply.message) return `${t("error.INVALID_DATASET")} (${reply.message})`;
  return t(errorMessageKey(reply.code));
}
