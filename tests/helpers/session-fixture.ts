// Shortcuts for server tests: a signed-in instructor, a created session with an attached host,
// joined students, and API reads as that instructor (sessions and histories are the owner's).
import type { CreatedSession } from "../../lib/api-types";
import type { HostRoomState, StudentRoomState } from "../../lib/protocol";
import type { Instructor } from "../../server/auth/auth-gate";
import { request, signUpInstructor, type ClientSocket, type TestServer } from "./test-server";

export interface SignedIn {
  cookie: string;
  instructor: Instructor;
}

const fixtureInstructors = new WeakMap<TestServer, Promise<SignedIn>>();

/**
 * The instructor the fixtures act as on `server`, signed up on first use (the server's first
 * account, so usually its admin). Tests about who sees what sign up their own.
 */
export function fixtureInstructor(server: TestServer): Promise<SignedIn> {
  let signedIn = fixtureInstructors.get(server);
  if (!signedIn) {
    signedIn = signUpInstructor(server, {
      name: "Fixture Teacher",
      email: `fixture-${crypto.randomUUID()}@school.test`,
      password: "fixture-password-1",
    });
    fixtureInstructors.set(server, signedIn);
  }
  return signedIn;
}

/** JSON from the API, as `cookie`'s browser (default: the fixture instructor; null: signed out). */
export async function apiJson<T = unknown>(
  server: TestServer | { url: string },
  path: string,
  options: { method?: string; body?: unknown; cookie?: string | null } = {},
): Promise<{ status: number; body: T }> {
  const cookie =
    options.cookie === undefined && "app" in server ? (await fixtureInstructor(server)).cookie : options.cookie;
  const method = options.method ?? (options.body === undefined ? "GET" : "POST");
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      ...(options.body === undefined ? {} : { "content-type": "application/json" }),
      ...(cookie ? { cookie } : {}),
      ...(method === "GET" ? {} : { origin: server.url }),
    },
    body: typeof options.body === "string" || options.body === undefined ? options.body : JSON.stringify(options.body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}

export interface HostedSession {
  id: string;
  code: string;
  hostToken: string;
  /** The owner's cookie: reads its history with it. */
  cookie: string;
  host: ClientSocket;
  state: HostRoomState;
}

/** Creates a session as `as` (default: the fixture instructor) and attaches a host with its key. */
export async function hostSession(
  server: TestServer,
  settings: Record<string, unknown> = {},
  as?: SignedIn,
): Promise<HostedSession> {
  const { cookie } = as ?? (await fixtureInstructor(server));
  const created = await apiJson<CreatedSession>(server, "/api/sessions", {
    body: { stepsPerSecond: 60, ...settings },
    cookie,
  });
  if (created.status !== 201) throw new Error(`create failed: ${JSON.stringify(created.body)}`);
  const host = await server.connect();
  const attached = await request<{ state: HostRoomState }>(host, "host:attach", {
    code: created.body.code,
    hostToken: created.body.hostToken,
  });
  if (!attached.ok) throw new Error(`attach failed: ${attached.error.message}`);
  return { ...created.body, cookie, host, state: attached.state };
}

export interface JoinedStudent {
  socket: ClientSocket;
  participantId: string;
  resumeToken: string;
  state: StudentRoomState;
}

export async function joinStudent(
  server: TestServer,
  code: string,
  nickname: string,
  learningRate?: number | string,
): Promise<JoinedStudent> {
  const socket = await server.connect();
  const joined = await request<{ participantId: string; resumeToken: string; state: StudentRoomState }>(
    socket,
    "student:join",
    { code, nickname },
  );
  if (!joined.ok) throw new Error(`join failed: ${joined.error.code}`);
  if (learningRate !== undefined) {
    const submitted = await request(socket, "student:submit", { learningRate });
    if (!submitted.ok) throw new Error(`submit failed: ${submitted.error.code}`);
  }
  return { socket, participantId: joined.participantId, resumeToken: joined.resumeToken, state: joined.state };
}
