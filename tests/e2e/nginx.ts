// A real nginx (Debian's package) running the deployment guide's own site configuration,
// docs/deploy/nginx-gradient-arena.conf, with only its "EDIT" lines replaced: ports, server name,
// certificate, upstream (one `server` line per process). A wrapper nginx.conf keeps pid, logs and temp
// files in a temp folder, and adds a header saying which upstream served each response (tests only).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, connect } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

export const SITE_CONFIG = path.resolve("docs/deploy/nginx-gradient-arena.conf");

/**
 * nginx's $upstream_addr on every response, 101 upgrades included: "127.0.0.1:4001", or
 * "127.0.0.1:4001, 127.0.0.1:4002" when the first was down and nginx moved on (the last one served).
 */
export const UPSTREAM_HEADER = "x-test-upstream";

export interface RunningNginx {
  httpsPort: number;
  httpPort: number;
  /** https://localhost:<httpsPort> */
  origin: string;
  errorLog(): string;
  stop(): Promise<void>;
}

/** A port free right now (the kernel's pick for port 0). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The site file with its EDIT lines replaced; throws if the file and this list drift apart. */
export function siteConfig(values: {
  /** host:port of each process, one `server` line each (round-robin, as the site file has it). */
  upstreams: string[];
  httpPort: number;
  httpsPort: number;
  serverName: string;
  certificate: string;
  key: string;
}): string {
  if (values.upstreams.length === 0) throw new Error("siteConfig: at least one upstream is needed");
  const wrong = values.upstreams.filter((upstream) => !/^[A-Za-z0-9.-]+:\d{1,5}$/.test(upstream));
  if (wrong.length) throw new Error(`siteConfig: upstreams must be host:port, not ${JSON.stringify(wrong)}`);
  const edits: Array<[RegExp, string]> = [
    [/server\s+\S+;/, values.upstreams.map((upstream) => `server ${upstream};`).join("\n    ")],
    [/listen 80;/, `listen 127.0.0.1:${values.httpPort};`],
    [/listen 443 ssl http2;/, `listen 127.0.0.1:${values.httpsPort} ssl http2;`],
    [/server_name\s+\S+;/, `server_name ${values.serverName};`],
    [/ssl_certificate\s+\S+;/, `ssl_certificate ${values.certificate};`],
    [/ssl_certificate_key\s+\S+;/, `ssl_certificate_key ${values.key};`],
  ];
  const used = new Set<RegExp>();
  const lines = readFileSync(SITE_CONFIG, "utf8")
    .split("\n")
    .map((line) => {
      if (!/#\s*EDIT\b/.test(line)) return line;
      const edit = edits.find(([pattern]) => pattern.test(line));
      if (!edit) throw new Error(`${SITE_CONFIG}: no test value for the EDIT line "${line.trim()}"`);
      used.add(edit[0]);
      return line.replace(edit[0], edit[1]);
    });
  const unused = edits.filter(([pattern]) => !used.has(pattern));
  if (unused.length) throw new Error(`${SITE_CONFIG}: no EDIT line for ${unused.map(([p]) => p.source).join(", ")}`);
  return lines.join("\n");
}

async function waitForPort(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`nginx exited (${child.exitCode}):\n${log()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, "127.0.0.1", () => resolve(true)).on("error", () => resolve(false));
      socket.unref();
      setTimeout(() => socket.destroy(), 1_000).unref();
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`nginx did not listen on ${port}:\n${log()}`);
}

/** Starts nginx in front of `upstream` (host:port, or several) with a self-signed certificate for localhost. */
export async function startNginx(
  upstream: string | string[],
  ports?: { httpsPort: number; httpPort: number },
): Promise<RunningNginx> {
  const upstreams = typeof upstream === "string" ? [upstream] : upstream;
  const dir = mkdtempSync(path.join(tmpdir(), "arena-nginx-"));
  // nginx's workers run as an unprivileged user when started as root: they must reach the temp paths.
  chmodSync(dir, 0o755);
  const certificate = path.join(dir, "cert.pem");
  const key = path.join(dir, "key.pem");
  const openssl = spawnSync(
    "openssl",
    ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate, "-days", "2"].concat([
      "-subj",
      "/CN=localhost",
      "-addext",
      "subjectAltName=DNS:localhost",
    ]),
    { encoding: "utf8" },
  );
  if (openssl.status !== 0) throw new Error(`openssl failed: ${openssl.stderr}`);
  const httpsPort = ports?.httpsPort ?? (await freePort());
  const httpPort = ports?.httpPort ?? (await freePort());
  writeFileSync(
    path.join(dir, "site.conf"),
    siteConfig({ upstreams, httpPort, httpsPort, serverName: "localhost", certificate, key }),
  );
  const errorLog = path.join(dir, "error.log");
  const temp = (name: string) => `${name}_temp_path ${path.join(dir, name)};`;
  writeFileSync(
    path.join(dir, "nginx.conf"),
    [
      "daemon off;", // a child of the test, stopped by it
      "worker_processes 1;",
      `pid ${path.join(dir, "nginx.pid")};`,
      `error_log ${errorLog} info;`,
      "events { worker_connections 256; }",
      "http {",
      `  access_log ${path.join(dir, "access.log")};`,
      // Inherited by the site's locations as long as they set no add_header of their own.
      `  add_header ${UPSTREAM_HEADER} $upstream_addr always;`,
      `  ${["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map(temp).join("\n  ")}`,
      `  include ${path.join(dir, "site.conf")};`,
      "}",
    ].join("\n"),
  );
  const read = () => {
    try {
      return readFileSync(errorLog, "utf8").slice(-5_000);
    } catch {
      return "(no error log)";
    }
  };
  let output = "";
  const child = spawn("nginx", ["-p", dir, "-c", path.join(dir, "nginx.conf"), "-e", errorLog], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const log = () => `${output}\n${read()}`;
  try {
    await waitForPort(httpsPort, child, log);
  } catch (error) {
    child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    httpsPort,
    httpPort,
    origin: `https://localhost:${httpsPort}`,
    errorLog: log,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM"); // nginx's fast shutdown: master and workers
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
