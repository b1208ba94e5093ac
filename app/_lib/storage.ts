// What a browser remembers per session code. The host key lives only here (never in a URL or a
// QR code); a student's resume token lets a reload or a new socket become the same participant.

export const hostKey = (code: string) => `arena:host:${code}`;
const studentKey = (code: string) => `arena:student:${code}`;

export interface StudentIdentity {
  nickname: string;
  resumeToken: string;
}

function read(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null; // storage disabled (private mode): the page still works, without resume
  }
}

function write(key: string, value: string | null): void {
  try {
    if (value === null) window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, value);
  } catch {
    /* see read() */
  }
}

export const loadHostToken = (code: string) => read(hostKey(code));
export const saveHostToken = (code: string, token: string) => write(hostKey(code), token);

export function loadStudent(code: string): StudentIdentity | null {
  try {
    const parsed = JSON.parse(read(studentKey(code)) ?? "null") as Partial<StudentIdentity> | null;
    return parsed && typeof parsed.nickname === "string" && typeof parsed.resumeToken === "string"
      ? { nickname: parsed.nickname, resumeToken: parsed.resumeToken }
      : null;
  } catch {
    return null;
  }
}

export const saveStudent = (code: string, who: StudentIdentity) => write(studentKey(code), JSON.stringify(who));
export const forgetStudent = (code: string) => write(studentKey(code), null);
