// Rounds on an instructor's own dataset (issue 15), on the real server and both databases: chosen
// when the session is created or for a new round, trained from the round's own copy (the stored
// losses are numpy's), reviewed unchanged after the dataset is edited or deleted, and another
// instructor's dataset is refused with INVALID_DATASET, changing nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatasetInfo, SessionHistory, SessionPage } from "../../lib/api-types";
import type { DatasetCopy, HostRoomState, StudentRoomState } from "../../lib/protocol";
import type { DatabaseTarget } from "../../server/db/database";
import { customRound } from "../helpers/dataset-fixtures";
import { onBothDatabases } from "../helpers/postgres";
import { apiJson, hostSession, joinStudent, type HostedSession, type SignedIn } from "../helpers/session-fixture";
import { nextEvent, request, signUpInstructor, startTestServer, type TestServer } from "../helpers/test-server";
import { relativeError } from "../lib/gd/load-fixtures";

type Attached = { state: HostRoomState; datasetCopy: DatasetCopy | null };

function datasetRoundSuite(name: string, target: () => Promise<DatabaseTarget>, cleanUp: () => Promise<void>) {
  describe(name, () => {
    let server: TestServer;
    let ada: SignedIn, bo: SignedIn;

    beforeAll(async () => {
      server = await startTestServer({ target: await target() });
      const account = (who: string) => ({ name: who, email: `${who}@school.test`, password: "pass-word-123" });
      await signUpInstructor(server, account("admin")); // the first account is the admin
      ada = await signUpInstructor(server, account("ada"));
      bo = await signUpInstructor(server, account("bo"));
    }, 60_000);
    afterAll(async () => {
      await server.close();
      await cleanUp();
    });

    const upload = async (who: SignedIn, datasetName = customRound.name) => {
      const { csv, initialWeights, initialBias } = customRound;
      const reply = await apiJson<DatasetInfo>(server, "/api/datasets", {
        body: { name: datasetName, csv, initialWeights, initialBias },
        cookie: who.cookie,
      });
      expect(reply.status).toBe(201);
      return reply.body;
    };
    const history = async (session: HostedSession) =>
      (await apiJson<SessionHistory>(server, `/api/sessions/${session.id}`, { cookie: session.cookie })).body;
    const exported = async (session: HostedSession) =>
      (
        await fetch(`${server.url}/api/sessions/${session.id}/export.csv`, { headers: { cookie: session.cookie } })
      ).text();
    const attach = (session: HostedSession) =>
      request<Attached>(session.host, "host:attach", { code: session.code, hostToken: session.hostToken });
    const copyOf = (dataset: DatasetInfo, changes: Partial<DatasetCopy> = {}): DatasetCopy => ({
      sourceId: dataset.id,
      name: dataset.name,
      csv: customRound.csv,
      featureNames: customRound.featureNames,
      labelName: customRound.labelName,
      initialWeights: dataset.initialWeights,
      initialBias: dataset.initialBias,
      ...changes,
    });
    /** Plays one round to its end with every student already choosing. */
    const play = async (session: HostedSession) => {
      const finished = nextEvent(session.host, "room:finished", () => true, 30_000);
      expect(await request(session.host, "host:start", {})).toEqual({ ok: true });
      return finished;
    };

    it("trains a round on the instructor's dataset from its copy: the stored losses are numpy's", async () => {
      const dataset = await upload(ada);
      const session = await hostSession(
        server,
        { dataset: dataset.id, standardized: false, maxSteps: customRound.steps, stepsPerSecond: 60 },
        ada,
      );
      const attached = await attach(session);
      expect(attached).toMatchObject({ ok: true, datasetCopy: copyOf(dataset) });
      expect(session.state.settings.dataset).toBe(dataset.id);
      const allow = await request(session.host, "host:newRound", { optimizers: ["gd", "momentum", "adam"] });
      expect(allow).toMatchObject({ ok: true, datasetCopy: copyOf(dataset) });

      for (const variant of customRound.variants) {
        if (variant.standardized) await request(session.host, "host:newRound", { standardized: true });
        const nicknames: string[] = [];
        for (const [i, run] of variant.runs.entries()) {
          const nickname = `${variant.standardized ? "s" : "r"}${i}`;
          nicknames.push(nickname);
          const student = await server.connect();
          const joined = await request<{ state: StudentRoomState; datasetCopy: DatasetCopy | null }>(
            student,
            "student:join",
            { code: session.code, nickname },
          );
          // The phone gets the copy once, with the state that names it.
          expect(joined).toMatchObject({ ok: true, datasetCopy: copyOf(dataset) });
          const choice = {
            learningRate: run.lr,
            optimizer: run.optimizer,
            ...(run.momentum === null ? {} : { momentum: run.momentum }),
          };
          expect((await request(student, "student:submit", choice)).ok).toBe(true);
        }
        await play(session);
        const round = (await history(session)).rounds.at(-1)!;
        expect([round.dataset, round.standardized, round.datasetCopy]).toEqual([
          dataset.id,
          variant.standardized,
          copyOf(dataset),
        ]);
        for (const [i, reference] of variant.runs.entries()) {
          const stored = round.runs.find((r) => r.nickname === nicknames[i])!;
          const label = `${variant.standardized ? "standardised" : "raw"} ${reference.optimizer} lr=${reference.lr}`;
          expect(stored.status, label).toBe(reference.status);
          const finite = reference.losses.filter((loss): loss is number => loss !== null);
          expect(stored.losses.length, label).toBe(finite.length);
          // Several samples: numpy sums in its own order, so the last bits may differ (as for housing).
          stored.losses.forEach((loss, t) =>
            expect(relativeError(loss, finite[t]!), `${label} step ${t}`).toBeLessThanOrEqual(1e-12),
          );
        }
      }
    });

    it("reviews a round unchanged after its dataset is edited, and after it is deleted", async () => {
      const dataset = await upload(ada, "To be changed");
      const session = await hostSession(server, { dataset: dataset.id, maxSteps: 15, stepsPerSecond: 60 }, ada);
      const student = await joinStudent(server, session.code, "Ada", customRound.variants[0]!.runs[0]!.lr);
      await play(session);
      const before = { json: await history(session), csv: await exported(session) };
      expect(before.json.rounds[0]!.datasetCopy).toEqual(copyOf(dataset));

      const edited = await apiJson<DatasetInfo>(server, `/api/datasets/${dataset.id}`, {
        method: "PATCH",
        body: { name: "Changed", initialWeights: [1, 1, 1], initialBias: -5 },
        cookie: ada.cookie,
      });
      expect(edited.status).toBe(200);
      expect({ json: await history(session), csv: await exported(session) }).toEqual(before);

      // A new round on it takes a new copy (the new start), which the phones get once.
      const sent = nextEvent(student.socket, "room:dataset");
      const again = await request(session.host, "host:newRound", { dataset: dataset.id });
      const fresh = copyOf(dataset, { name: "Changed", initialWeights: [1, 1, 1], initialBias: -5 });
      expect(again).toMatchObject({ ok: true, datasetCopy: fresh });
      expect(await sent).toEqual(fresh);
      await play(session);

      expect(
        (await apiJson(server, `/api/datasets/${dataset.id}`, { method: "DELETE", cookie: ada.cookie })).status,
      ).toBe(204);
      const after = await history(session);
      expect(after.rounds[0]).toEqual(before.json.rounds[0]);
      expect(after.rounds[1]!.datasetCopy).toEqual(fresh);
      expect((await exported(session)).startsWith(before.csv)).toBe(true);
      // The room goes on with its own copy of the deleted dataset.
      expect(await request(session.host, "host:newRound", { dataset: dataset.id, maxSteps: 10 })).toMatchObject({
        ok: true,
        datasetCopy: fresh,
      });
      await play(session);
      expect((await history(session)).rounds.map((r) => r.datasetCopy?.name)).toEqual([
        "To be changed",
        "Changed",
        "Changed",
      ]);
    });

    it("refuses another instructor's dataset, or one that does not exist, and changes nothing", async () => {
      const bos = await upload(bo, "Bo's own");
      const missing = "00000000-0000-4000-8000-000000000000";
      const count = async () =>
        (await apiJson<SessionPage>(server, "/api/sessions?limit=100", { cookie: ada.cookie })).body.sessions.length;
      const sessionsBefore = await count();
      for (const dataset of [bos.id, missing]) {
        const created = await apiJson<{ error: { code: string } }>(server, "/api/sessions", {
          body: { dataset },
          cookie: ada.cookie,
        });
        expect([created.status, created.body.error.code]).toEqual([400, "INVALID_DATASET"]);
      }
      expect(await count()).toBe(sessionsBefore);

      const session = await hostSession(server, { maxSteps: 30 }, ada);
      const student = await joinStudent(server, session.code, "Cy", 1e-4);
      await nextEvent(student.socket, "room:state"); // its own arrival's, sent within a second
      const seen: string[] = [];
      for (const event of ["room:state", "room:dataset"] as const) student.socket.on(event, () => seen.push(event));
      for (const dataset of [bos.id, missing]) {
        const refused = await request(session.host, "host:newRound", { dataset, maxSteps: 7 });
        expect(refused).toMatchObject({ ok: false, error: { code: "INVALID_DATASET" } });
      }
      const now = await attach(session);
      expect(now.ok && [now.state.settings, now.datasetCopy]).toEqual([session.state.settings, null]);
      await new Promise((resolve) => setTimeout(resolve, 1_200)); // past a student state's coalescing
      expect(seen).toEqual([]);
      // Bo's dataset itself is untouched and still Bo's alone.
      expect((await apiJson(server, `/api/datasets/${bos.id}`, { cookie: ada.cookie })).status).toBe(404);
      expect((await apiJson(server, `/api/datasets/${bos.id}`, { cookie: bo.cookie })).status).toBe(200);
    });
  });
}

onBothDatabases(datasetRoundSuite);
