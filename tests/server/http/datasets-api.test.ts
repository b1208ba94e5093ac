// /api/datasets on the real server, on both databases: an instructor uploads CSV text and gets its
// sizes and numbers; a bad CSV is refused with the row and column and stores nothing; each
// instructor (an admin too) sees, renames and deletes only their own, and anyone else's is the
// same 404 as an id that never existed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatasetInfo, DatasetList, DatasetWithCsv, InvalidDatasetError } from "../../../lib/api-types";
import type { DatabaseTarget } from "../../../server/db/database";
import { DATASET_BODY_BYTES, MAX_DATASETS_PER_INSTRUCTOR } from "../../../server/http/datasets-api";
import { call, type Reply } from "../../helpers/accounts";
import { onBothDatabases } from "../../helpers/postgres";
import type { SignedIn } from "../../helpers/session-fixture";
import { signUpInstructor, startTestServer, type TestServer } from "../../helpers/test-server";
import { HOUSING_CSV } from "../../helpers/dataset-fixtures";

/** The example: the sixth data row (row 7, the header being row 1) has 'abc' for rooms. */
const BAD_ROW_7 = HOUSING_CSV.replace("104,3,60", "104,abc,60");

function datasetsSuite(name: string, target: () => Promise<DatabaseTarget>, cleanUp: () => Promise<void>) {
  describe(name, () => {
    let server: TestServer;
    let admin: SignedIn, ada: SignedIn, bo: SignedIn;
    const api = <T = Record<string, unknown>>(path: string, options: Parameters<typeof call>[2] = {}) =>
      call<T>(server, path, options);
    const listOf = async (who: SignedIn) =>
      (await api<DatasetList>("/api/datasets", { cookie: who.cookie })).body.datasets.map((d) => d.name);
    const refusal = (reply: Reply<unknown>) => (reply.body as InvalidDatasetError).error;

    beforeAll(async () => {
      server = await startTestServer({ target: await target() });
      const account = (who: string) => ({
        name: who,
        email: `${who.toLowerCase()}@school.test`,
        password: "pass-word-123",
      });
      admin = await signUpInstructor(server, account("Admin")); // the first account: an admin
      ada = await signUpInstructor(server, account("Ada"));
      bo = await signUpInstructor(server, account("Bo"));
      expect(admin.instructor.role).toBe("admin");
    }, 60_000);
    afterAll(async () => {
      await server.close();
      await cleanUp();
    });

    it("refuses visitors who are not signed in, and writes from another site", async () => {
      expect((await api("/api/datasets")).status).toBe(401);
      const post = await api("/api/datasets", { body: { name: "x", csv: HOUSING_CSV } });
      expect([post.status, refusal(post).code]).toEqual([401, "SIGNED_OUT"]);
      const foreign = await api("/api/datasets", {
        body: { name: "x", csv: HOUSING_CSV },
        cookie: ada.cookie,
        origin: "https://elsewhere.example",
      });
      expect([foreign.status, refusal(foreign).code]).toEqual([403, "ORIGIN_NOT_ALLOWED"]);
      expect(await listOf(ada)).toEqual([]);
    });

    it("stores a CSV and answers its sizes and the raw and standardised numbers", async () => {
      const reply = await api<DatasetInfo>("/api/datasets", {
        body: { name: "  Flats\tin town ", csv: HOUSING_CSV },
        cookie: ada.cookie,
      });
      expect(reply.status).toBe(201);
      const dataset = reply.body;
      expect(dataset).toMatchObject({
        name: "Flats in town",
        rows: 12,
        features: 3,
        featureNames: ["area_m2", "rooms", "age_years"],
        labelName: "price",
        initialWeights: [0.5, 0.5, 0.5],
        initialBias: 0,
      });
      // numpy (tests/fixtures/datasets/summaries.json, case "housing").
      expect(dataset.raw.maxStableLearningRate).toBeCloseTo(6.291865678015145e-5, 17);
      expect(dataset.standardized.maxStableLearningRate).toBeCloseTo(0.6331943871781226, 12);
      expect(dataset.raw.conditionNumber).toBeCloseTo(180704.79982849237, 5);
      expect(dataset.standardized.oneStepOptimalLearningRate).toBeCloseTo(0.4850946426694686, 12);
      expect(dataset).not.toHaveProperty("csv");
      expect(dataset.createdAt).toBe(dataset.updatedAt);

      const read = await api<DatasetWithCsv>(`/api/datasets/${dataset.id}`, { cookie: ada.cookie });
      expect(read.status).toBe(200);
      expect(read.body).toEqual({ ...dataset, csv: HOUSING_CSV });
    });

    it("refuses a bad CSV with the row and column, and stores nothing", async () => {
      const before = await listOf(ada);
      const reply = await api("/api/datasets", { body: { name: "Bad", csv: BAD_ROW_7 }, cookie: ada.cookie });
      expect(reply.status).toBe(400);
      expect(refusal(reply)).toEqual({
        code: "INVALID_DATASET",
        message: "row 7, column 'rooms': 'abc' is not a number",
        problem: { code: "not-a-number", row: 7, column: "rooms", value: "abc" },
      });
      for (const [csv, message] of [
        ["", "The CSV is empty: paste a header row of names, then rows of numbers."],
        ["a,b,y\n1,2,NaN\n", "row 2, column 'y': 'NaN' is not a finite number"],
        ["a,b,y\n1,2\n", "row 2 has 2 values, but the header names 3 columns"],
        ["a;b;y\n1;2;3\n", expect.stringContaining("separated by ';'")],
        [`a,y\n${"1,2\n".repeat(70_000)}`, "The CSV is 274 KB; at most 256 KB is accepted."],
      ] as const) {
        const bad = await api("/api/datasets", { body: { name: "Bad", csv }, cookie: ada.cookie });
        expect([bad.status, refusal(bad).code, refusal(bad).message]).toEqual([400, "INVALID_DATASET", message]);
      }
      const weights = await api("/api/datasets", {
        body: { name: "Bad", csv: HOUSING_CSV, initialWeights: [1, 2] },
        cookie: ada.cookie,
      });
      expect(refusal(weights)).toEqual({
        code: "INVALID_DATASET",
        message: "initialWeights needs 3 numbers, one per feature",
      });
      expect(await listOf(ada)).toEqual(before);
    });

    it("refuses a malformed body with INVALID_PAYLOAD and an oversized one with 413", async () => {
      for (const body of [
        { csv: HOUSING_CSV },
        { name: "", csv: HOUSING_CSV },
        { name: "x", csv: 3 },
        { name: "x", csv: "", extra: 1 },
      ]) {
        const reply = await api("/api/datasets", { body, cookie: ada.cookie });
        expect([reply.status, refusal(reply).code]).toEqual([400, "INVALID_PAYLOAD"]);
      }
      const huge = await api("/api/datasets", {
        body: { name: "x", csv: "1".repeat(DATASET_BODY_BYTES) },
        cookie: ada.cookie,
      });
      expect([huge.status, refusal(huge).code]).toEqual([413, "PAYLOAD_TOO_LARGE"]);
      // The largest accepted CSV fits in a body even when every character needs escaping in JSON.
      expect(JSON.stringify({ name: "x", csv: '"\n'.repeat(128 * 1024) }).length).toBeLessThan(DATASET_BODY_BYTES);
    });

    it("takes an instructor's own start, renames, and changes the start later", async () => {
      const created = await api<DatasetInfo>("/api/datasets", {
        body: { name: "Own start", csv: HOUSING_CSV, initialWeights: [1, -2, 0.25], initialBias: 10 },
        cookie: ada.cookie,
      });
      expect(created.status).toBe(201);
      expect([created.body.initialWeights, created.body.initialBias]).toEqual([[1, -2, 0.25], 10]);
      const id = created.body.id;
      const renamed = await api<DatasetInfo>(`/api/datasets/${id}`, {
        method: "PATCH",
        body: { name: "Renamed" },
        cookie: ada.cookie,
      });
      expect(renamed.status).toBe(200);
      expect(renamed.body).toMatchObject({ name: "Renamed", initialWeights: [1, -2, 0.25], initialBias: 10 });
      // Only the weights given: the bias stays; the best step follows the start, the bound does not.
      const moved = await api<DatasetInfo>(`/api/datasets/${id}`, {
        method: "PATCH",
        body: { initialWeights: [0.5, 0.5, 0.5] },
        cookie: ada.cookie,
      });
      expect(moved.body).toMatchObject({ name: "Renamed", initialWeights: [0.5, 0.5, 0.5], initialBias: 10 });
      expect(moved.body.raw.maxStableLearningRate).toBe(created.body.raw.maxStableLearningRate);
      expect(moved.body.raw.oneStepOptimalLearningRate).not.toBe(created.body.raw.oneStepOptimalLearningRate);
      expect(Date.parse(moved.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(created.body.createdAt));

      for (const body of [{}, { csv: HOUSING_CSV }, { name: " " }])
        expect((await api(`/api/datasets/${id}`, { method: "PATCH", body, cookie: ada.cookie })).status).toBe(400);
      const bad = await api(`/api/datasets/${id}`, {
        method: "PATCH",
        body: { initialBias: 1e9 },
        cookie: ada.cookie,
      });
      expect(refusal(bad).code).toBe("INVALID_DATASET");
      const after = await api<DatasetInfo>(`/api/datasets/${id}`, { cookie: ada.cookie });
      expect(after.body.initialBias).toBe(10);
    });

    it("shows each instructor only their own, and anyone else's is a 404 like a missing id", async () => {
      const bos = await api<DatasetInfo>("/api/datasets", {
        body: { name: "Bo's", csv: HOUSING_CSV },
        cookie: bo.cookie,
      });
      const adas = (await api<DatasetList>("/api/datasets", { cookie: ada.cookie })).body.datasets;
      expect(adas.map((d) => d.name)).toEqual(["Renamed", "Flats in town"]); // newest first
      expect(await listOf(bo)).toEqual(["Bo's"]);
      expect(await listOf(admin)).toEqual([]); // an admin sees only their own too
      const missing = await api("/api/datasets/00000000-0000-4000-8000-000000000000", { cookie: ada.cookie });
      expect(missing.status).toBe(404);
      const target = adas[0]!.id;
      for (const who of [bo, admin]) {
        const replies = [
          await api(`/api/datasets/${target}`, { cookie: who.cookie }),
          await api(`/api/datasets/${target}`, { method: "PATCH", body: { name: "Mine" }, cookie: who.cookie }),
          await api(`/api/datasets/${target}`, { method: "DELETE", cookie: who.cookie }),
        ];
        for (const reply of replies) expect([reply.status, reply.text]).toEqual([404, missing.text]);
      }
      expect((await api(`/api/datasets/${bos.body.id}`, { cookie: ada.cookie })).status).toBe(404);
      expect((await api("/api/datasets/not-an-id", { cookie: ada.cookie })).status).toBe(404);
      expect((await api<DatasetInfo>(`/api/datasets/${target}`, { cookie: ada.cookie })).body.name).toBe("Renamed");
    });

    it("keeps at most 100 datasets per instructor", async () => {
      const cy = await signUpInstructor(server, { name: "Cy", email: "cy@school.test", password: "pass-word-123" });
      for (let i = 0; i < MAX_DATASETS_PER_INSTRUCTOR; i++) {
        const reply = await api("/api/datasets", { body: { name: `d${i}`, csv: "x,y\n1,2\n" }, cookie: cy.cookie });
        expect(reply.status).toBe(201);
      }
      const over = await api("/api/datasets", { body: { name: "one more", csv: "x,y\n1,2\n" }, cookie: cy.cookie });
      expect([over.status, refusal(over).code]).toEqual([409, "INVALID_STATE"]);
      expect(await listOf(cy)).toHaveLength(MAX_DATASETS_PER_INSTRUCTOR);
      expect(await listOf(ada)).toEqual(["Renamed", "Flats in town"]); // nobody else's limit
    }, 60_000);

    it("deletes one's own dataset once", async () => {
      const [first] = (await api<DatasetList>("/api/datasets", { cookie: ada.cookie })).body.datasets;
      const gone = await api(`/api/datasets/${first!.id}`, { method: "DELETE", cookie: ada.cookie });
      expect([gone.status, gone.text]).toEqual([204, ""]);
      expect((await api(`/api/datasets/${first!.id}`, { cookie: ada.cookie })).status).toBe(404);
      expect((await api(`/api/datasets/${first!.id}`, { method: "DELETE", cookie: ada.cookie })).status).toBe(404);
      expect(await listOf(ada)).toEqual(["Flats in town"]);
      expect((await api("/api/datasets", { method: "PUT", cookie: ada.cookie })).status).toBe(405);
    });
  });
}

onBothDatabases(datasetsSuite);
