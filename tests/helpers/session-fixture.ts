// Shortcuts for server tests: a created session with an attached host, and joined students.
import type { CreatedSession } from "../../lib/api-types";
import type { HostRoomState, StudentRoomState } from "../../lib/protocol";
import { postJson, request, type ClientSocket, type TestServer } from "./test-server";

export interface HostedSession {
  id: string;
  code: string;
  hostToken: string;
  host: ClientSocket;
  state: HostRoomState;
}

export async function hostSession(server: TestServer, settings: Record<string, unknown> = {}): Promise<HostedSession> {
  const created = await postJson<CreatedSession>(`${server.url}/api/sessions`, { stepsPerSecond: 60, ...settings });
  if (created.status !== 201) throw new Error(`create failed: ${JSON.stringify(created.body)}`);
  const host = await server.connect();
  const attached = await request<{ state: HostRoomState }>(host, "host:attach", {
    code: created.body.code,
    hostToken: created.body.hostToken,
  });
  if (!attached.ok) throw new Error(`attach failed: ${attached.error.message}`);
  return { ...created.body, host, state: attached.state };
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
