// /api/datasets: an instructor's own data (issue 15). Upload CSV text, list, read, rename or give a
// new start, delete. Each instructor sees only their own (admins too): anyone else's dataset is the
// same 404 as one that does not exist. A CSV that cannot be used is refused whole with
// 400 INVALID_DATASET, the message naming its row and column, and nothing is stored.
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import {
  CSV_LIMITS,
  csvProblemText,
  initialParametersProblem,
  parseCsvDataset,
  summarizeTable,
  defaultInitialParameters,
  type CsvTable,
} from "../../lib/datasets";
import { translator } from "../../lib/i18n";
import { en } from "../../lib/i18n/messages-en";
import { TITLE_MAX, cleanText, textLength } from "../../lib/input-rules";
import { firstIssueMessage } from "../../lib/validation-message";
import type { AuthGate, Instructor } from "../auth/auth-gate";
import type { DatasetRepository, DatasetStart } from "../db/dataset-repo";
import type { Clock } from "../rooms/clock";
import { HttpError, readJson, sendJson } from "./http-kit";
import { requireSameSite, type OriginPolicy } from "./origin";

export interface DatasetsApiDeps {
  datasets: DatasetRepository;
  auth: AuthGate;
  clock: Clock;
  origins: OriginPolicy;
}

/** Per instructor: 100 x 256 KB at most, so one account cannot fill the disk. */
export const MAX_DATASETS_PER_INSTRUCTOR = 100;
/** The CSV travels as a JSON string: escaped line breaks and quotes can double its size. */
export const DATASET_BODY_BYTES = 2 * CSV_LIMITS.maxBytes + 16 * 1024;

const DATASET_ID = /^[0-9a-f-]{36}$/;
const english = translator(en, "en");
const notFound = () => new HttpError(404, "NOT_FOUND", "No dataset with that id.");
const invalid = (message: string, details: Record<string, unknown> = {}) =>
  new HttpError(400, "INVALID_DATASET", message, false, details);

const nameSchema = z
  .string()
  .max(400)
  .transform(cleanText)
  .refine((name) => textLength(name) >= 1 && textLength(name) <= TITLE_MAX, {
    message: `a name has 1 to ${TITLE_MAX} characters`,
  });
// Sizes and values of the weights are checked against the table (initialParametersProblem).
const weightsSchema = z.array(z.number()).max(CSV_LIMITS.maxFeatures);
const createBody = z
  .object({
    name: nameSchema,
    csv: z.string(),
    initialWeights: weightsSchema.optional(),
    initialBias: z.number().optional(),
  })
  .strict();
const patchBody = z
  .object({ name: nameSchema.optional(), initialWeights: weightsSchema.optional(), initialBias: z.number().optional() })
  .strict()
  .refine((body) => Object.keys(body).length > 0, { message: "nothing to change" });

function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new HttpError(400, "INVALID_PAYLOAD", firstIssueMessage(parsed.error, "body"));
  return parsed.data;
}

function tableOf(csv: string): CsvTable {
  const parsed = parseCsvDataset(csv);
  if (!parsed.ok) throw invalid(csvProblemText(english, parsed.problem), { problem: parsed.problem });
  return parsed.table;
}

/** The start (given parts, else `fallback`'s) checked against the table, with its numbers. */
function startFor(
  table: CsvTable,
  given: { initialWeights?: number[]; initialBias?: number },
  fallback = defaultInitialParameters(table.d),
): DatasetStart {
  const weights = given.initialWeights ?? fallback.weights;
  const bias = given.initialBias ?? fallback.bias;
  const problem = initialParametersProblem(table.d, weights, bias);
  if (problem) throw invalid(problem);
  const summary = summarizeTable(table, { weights, bias });
  return { initialWeights: weights, initialBias: bias, raw: summary.raw, standardized: summary.standardized };
}

export function createDatasetsApi(deps: DatasetsApiDeps) {
  async function signedIn(req: IncomingMessage): Promise<Instructor> {
    const instructor = await deps.auth.instructorFrom(req.headers);
    if (!instructor) throw new HttpError(401, "SIGNED_OUT", "Sign in as an instructor first.");
    return instructor;
  }

  async function create(req: IncomingMessage, res: ServerResponse) {
    requireSameSite(req, deps.origins);
    // The body first (bounded and drained), so every later refusal keeps the connection usable.
    const raw = await readJson(req, DATASET_BODY_BYTES);
    const owner = await signedIn(req);
    const body = parseBody(createBody, raw);
    if ((await deps.datasets.countOwned(owner.id)) >= MAX_DATASETS_PER_INSTRUCTOR)
      throw new HttpError(
        409,
        "INVALID_STATE",
        `You have ${MAX_DATASETS_PER_INSTRUCTOR} datasets, the most one instructor may keep: delete one first.`,
      );
    const table = tableOf(body.csv);
    const start = startFor(table, body);
    const dataset = await deps.datasets.create({
      id: crypto.randomUUID(),
      ownerId: owner.id,
      name: body.name,
      csv: body.csv,
      rows: table.n,
      featureNames: table.featureNames,
      labelName: table.labelName,
      createdAt: new Date(deps.clock.now()),
      ...start,
    });
    sendJson(res, 201, dataset);
  }

  async function update(req: IncomingMessage, id: string, res: ServerResponse) {
    requireSameSite(req, deps.origins);
    const raw = await readJson(req);
    const owner = await signedIn(req);
    const body = parseBody(patchBody, raw);
    const stored = DATASET_ID.test(id) ? await deps.datasets.get(owner.id, id) : null;
    if (!stored) throw notFound();
    const changesStart = body.initialWeights !== undefined || body.initialBias !== undefined;
    // The stored CSV parsed before: parsing it again cannot fail unless the row was damaged.
    const start = changesStart
      ? startFor(tableOf(stored.csv), body, { weights: stored.initialWeights, bias: stored.initialBias })
      : undefined;
    const updated = await deps.datasets.update(owner.id, id, {
      name: body.name,
      start,
      updatedAt: new Date(deps.clock.now()),
    });
    if (!updated) throw notFound(); // deleted in the meantime
    sendJson(res, 200, updated);
  }

  async function remove(req: IncomingMessage, id: string, res: ServerResponse) {
    requireSameSite(req, deps.origins);
    const owner = await signedIn(req);
    if (!DATASET_ID.test(id) || !(await deps.datasets.delete(owner.id, id))) throw notFound();
    res.writeHead(204, { "cache-control": "no-store" }).end();
  }

  /** `/api/datasets[/:id]` (parts: ["api", "datasets", id?]); errors are thrown as HttpError. */
  return async function handleDatasets(req: IncomingMessage, res: ServerResponse, parts: string[]): Promise<void> {
    const method = req.method ?? "GET";
    if (parts.length === 2) {
      if (method === "POST") return create(req, res);
      if (method === "GET")
        return sendJson(res, 200, {
          datasets: await deps.datasets.list((await signedIn(req)).id, MAX_DATASETS_PER_INSTRUCTOR),
        });
      throw new HttpError(405, "METHOD_NOT_ALLOWED", "Use GET or POST.");
    }
    if (parts.length !== 3) throw new HttpError(404, "NOT_FOUND", "No such API route.");
    const id = parts[2]!;
    if (method === "GET") {
      const owner = await signedIn(req);
      const dataset = DATASET_ID.test(id) ? await deps.datasets.get(owner.id, id) : null;
      if (!dataset) throw notFound();
      return sendJson(res, 200, dataset);
    }
    if (method === "PATCH") return update(req, id, res);
    if (method === "DELETE") return remove(req, id, res);
    throw new HttpError(405, "METHOD_NOT_ALLOWED", "Use GET, PATCH or DELETE.");
  };
}
