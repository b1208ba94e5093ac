// Who sees what, on the real server and both databases: two instructors each see only their own
// sessions (list, history, CSV, the console over a socket without the host key); an admin sees
// everybody's; a share link opens one history read-only until it is revoked. Every refusal is
// produced here, and no reply carries a stored secret's hash.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CreatedShareLink, SessionPage, ShareLinkList } from "../../../lib/api-types";
import type { HostRoomState } from "../../../lib/protocol";
import type { DatabaseTarget } from "../../../server/db/database";
import { onBothDatabases } from "../../helpers/postgres";
import { apiJson, hostSession, joinStudent, type HostedSession, type SignedIn } from "../../helpers/session-fixture";
import { io } from "socket.io-client";
import {
  request,
  signUpInstructor,
  startTestServer,
  type ClientSocket,
  type TestServer,
} from "../../helpers/test-server";

const SECRET_FIELDS = /hostTokenHash|tokenHash|resumeTokenHash|password/i;

function accessSuite(name: string, target: () => Promise<DatabaseTarget>, cleanUp: () => Promise<void>) {
  describe(name, () => {
    let server: TestServer;
    let admin: SignedIn, ada: SignedIn, bo: SignedIn;
    let adas: HostedSession, bos: HostedSession;
    const bodies: string[] = [];
    const sockets: ClientSocket[] = [];
    /** A console's socket: a browser sends its cookie with the handshake (students' phones send none). */
    const connectWith = async (cookie: string | null): Promise<ClientSocket> => {
      const socket: ClientSocket = io(server.url, {
        transports: ["websocket"],
        forceNew: true,
        reconnection: false,
        ...(cookie ? { extraHeaders: { cookie } } : {}),
      });
      sockets.push(socket);
      await new Promise((resolve, reject) => socket.once("connect", () => resolve(null)).once("connect_error", reject));
      return socket;
    };
    /** Every JSON reply is kept, to look for secrets in all of them at the end. */
    const api = async <T = Record<string, unknown>>(path: string, options: Parameters<typeof apiJson>[2] = {}) => {
      const reply = await apiJson<T>(server, path, { cookie: null, ...options });
      bodies.push(JSON.stringify(reply.body));
      return reply;
    };
    const notFound = { ok: false, error: { code: "NOT_FOUND", message: "No session with that id." } };

    beforeAll(async () => {
      server = await startTestServer({ target: await target() });
      const account = (who: string) => ({
        name: who,
        email: `${who.toLowerCase()}@school.test`,
        password: "pass-word-123",
      });
      admin = await signUpInstructor(server, account("Admin")); // the first account: the admin
      ada = await signUpInstructor(server, account("Ada"));
      bo = await signUpInstructor(server, account("Bo"));
      expect([admin.instructor.role, ada.instructor.role, bo.instructor.role]).toEqual([
        "admin",
        "instructor",
        "instructor",
      ]);
      adas = await hostSession(server, { title: "Ada's class", maxSteps: 3 }, ada);
      bos = await hostSession(server, { title: "Bo's class", maxSteps: 3 }, bo);
      await joinStudent(server, adas.code, "Kim", 1e-4);
      const finished = new Promise((resolve) => adas.host.once("room:finished", resolve));
      await request(adas.host, "host:start", {});
      await finished;
    }, 60_000);
    afterAll(async () => {
      for (const socket of sockets) socket.disconnect();
      await server.close();
      await cleanUp();
    });

    it("lists each instructor's own sessions, everybody's for an admin's ?all=1", async () => {
      const ids = async (path: string, who: SignedIn) =>
        (await api<SessionPage>(path, { cookie: who.cookie })).body.sessions.map((s) => s.id);
      expect(await ids("/api/sessions", ada)).toEqual([adas.id]);
      expect(await ids("/api/sessions", bo)).toEqual([bos.id]);
      expect(await ids("/api/sessions?all=1", bo)).toEqual([bos.id]); // a non-admin's ?all=1 is ignored
      expect(await ids("/api/sessions", admin)).toEqual([]); // the admin's own: none
      const all = await api<SessionPage>("/api/sessions?all=1", { cookie: admin.cookie });
      expect(all.body.sessions.map((s) => [s.id, s.ownerName])).toEqual([
        [bos.id, "Bo"],
        [adas.id, "Ada"],
      ]);
      const anonymous = await api("/api/sessions");
      expect(anonymous).toMatchObject({ status: 401, body: { ok: false, error: { code: "SIGNED_OUT" } } });
    });

    it("opens a history and its CSV to the owner and an admin, and 404s everybody else like a missing id", async () => {
      for (const who of [ada, admin]) {
        expect((await api(`/api/sessions/${adas.id}`, { cookie: who.cookie })).body).toMatchObject({ id: adas.id });
        const csv = await fetch(`${server.url}/api/sessions/${adas.id}/export.csv`, {
          headers: { cookie: who.cookie },
        });
        expect(csv.status).toBe(200);
        expect(await csv.text()).toContain("Kim");
      }
      const missing = await api(`/api/sessions/${crypto.randomUUID()}`, { cookie: bo.cookie });
      expect(missing).toEqual({ status: 404, body: notFound });
      for (const cookie of [bo.cookie, null]) {
        expect(await api(`/api/sessions/${adas.id}`, { cookie })).toEqual({ status: 404, body: notFound });
        expect(await api(`/api/sessions/${adas.id}/export.csv`, { cookie })).toEqual({ status: 404, body: notFound });
        expect(await api(`/api/sessions/${adas.id}/share`, { cookie })).toMatchObject({
          status: cookie ? 404 : 401,
        });
      }
    });

    it("needs a signed-in instructor to create a session, and refuses a cross-site page", async () => {
      expect(await api("/api/sessions", { body: {} })).toMatchObject({
        status: 401,
        body: { ok: false, error: { code: "SIGNED_OUT" } },
      });
      const crossSite = await fetch(`${server.url}/api/sessions`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie: ada.cookie, origin: "https://evil.example" },
        body: "{}",
      });
      expect(crossSite.status).toBe(403);
      expect(await crossSite.json()).toMatchObject({ error: { code: "ORIGIN_NOT_ALLOWED" } });
      const created = await api<{ hostToken: string }>("/api/sessions", { body: {}, cookie: ada.cookie });
      expect(created.status).toBe(201);
      expect(created.body.hostToken).toMatch(/^[A-Za-z0-9_-]{43}$/); // still given, for scripts
      expect((await api<SessionPage>("/api/sessions", { cookie: ada.cookie })).body.sessions).toHaveLength(2);
    });

    it("opens a history read-only through a share link until it is revoked", async () => {
      expect(await api(`/api/sessions/${adas.id}/share`, { body: {}, cookie: bo.cookie })).toEqual({
        status: 404,
        body: notFound,
      });
      const made = await api<CreatedShareLink>(`/api/sessions/${adas.id}/share`, { body: {}, cookie: ada.cookie });
      expect(made.status).toBe(201);
      const link = new URL(made.body.url);
      expect(`${link.origin}${link.pathname}`).toBe(`${server.url}/sessions/${adas.id}`);
      const share = link.searchParams.get("share")!;
      const q = `?share=${encodeURIComponent(share)}`;

      expect((await api(`/api/sessions/${adas.id}${q}`)).body).toMatchObject({ id: adas.id, title: "Ada's class" });
      const csv = await fetch(`${server.url}/api/sessions/${adas.id}/export.csv${q}`);
      expect(csv.status).toBe(200);
      // One session's link opens that session only, and no list, no write.
      expect(await api(`/api/sessions/${bos.id}${q}`)).toEqual({ status: 404, body: notFound });
      expect((await api(`/api/sessions${q}`)).status).toBe(401);
      expect((await api(`/api/sessions/${adas.id}/share${q}`)).status).toBe(401);
      expect((await api(`/api/sessions/${adas.id}/share${q}`, { body: {} })).status).toBe(401);
      expect((await api(`/api/sessions/${adas.id}/share/${made.body.id}${q}`, { method: "DELETE" })).status).toBe(401);
      expect((await api(`/api/sessions${q}`, { body: {} })).status).toBe(401);
      expect(
        await api(`/api/sessions/${adas.id}/share/${made.body.id}${q}`, { method: "DELETE", cookie: bo.cookie }),
      ).toEqual({
        status: 404,
        body: notFound,
      });

      const listed = await api<ShareLinkList>(`/api/sessions/${adas.id}/share`, { cookie: ada.cookie });
      expect(listed.body.links.map((l) => [l.id, l.revokedAt])).toEqual([[made.body.id, null]]);
      expect(Date.parse(listed.body.links[0]!.createdAt)).not.toBeNaN();
      const crossSite = await fetch(`${server.url}/api/sessions/${adas.id}/share/${made.body.id}`, {
        method: "DELETE",
        headers: { cookie: ada.cookie, origin: "https://evil.example" },
      });
      expect(crossSite.status).toBe(403);
      expect((await api(`/api/sessions/${adas.id}${q}`)).status).toBe(200); // not revoked by that

      const revoked = await fetch(`${server.url}/api/sessions/${adas.id}/share/${made.body.id}`, {
        method: "DELETE",
        headers: { cookie: ada.cookie, origin: server.url },
      });
      expect(revoked.status).toBe(204);
      expect(await api(`/api/sessions/${adas.id}${q}`)).toEqual({ status: 404, body: notFound });
      expect(await api(`/api/sessions/${adas.id}/export.csv${q}`)).toEqual({ status: 404, body: notFound });
      const after = await api<ShareLinkList>(`/api/sessions/${adas.id}/share`, { cookie: admin.cookie });
      expect(after.body.links[0]!.revokedAt).not.toBeNull();
      const again = `/api/sessions/${bos.id}/share/${made.body.id}`; // another session's link id
      expect((await api(again, { method: "DELETE", cookie: bo.cookie })).status).toBe(404);

      const rows = await server.database.prisma.shareLink.findMany({ where: { sessionId: adas.id } });
      expect(rows[0]!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
      expect(rows[0]!.tokenHash).not.toContain(share);
    });

    it("opens the console over a socket for the signed-in owner or an admin, without the host key", async () => {
      const attach = async (cookie: string | null) => {
        const socket = await connectWith(cookie);
        return request<{ state: HostRoomState }>(socket, "host:attach", { code: adas.code });
      };
      const owner = await attach(ada.cookie);
      expect(owner.ok && owner.state).toMatchObject({ view: "host", code: adas.code });
      expect((await attach(admin.cookie)).ok).toBe(true);
      for (const cookie of [bo.cookie, null, "arena.session_token=forged"]) {
        const refused = await attach(cookie);
        expect(!refused.ok && refused.error.code).toBe("NOT_HOST");
      }
      // Bo's cookie with Bo's own key still works for Bo's room, as before accounts.
      const socket = await connectWith(bo.cookie);
      expect((await request(socket, "host:attach", { code: bos.code, hostToken: bos.hostToken })).ok).toBe(true);
    });

    it("never puts a stored secret's hash in a reply", () => {
      expect(bodies.length).toBeGreaterThan(20);
      for (const body of bodies) expect(body).not.toMatch(SECRET_FIELDS);
    });
  });
}

onBothDatabases(accessSuite);
