// Generates the Prisma client (server/db/generated) on `npm install`.
// `prisma generate` never runs the schema engine, it only checks that a binary exists, and
// would try to download one from Prisma's servers when none is there (impossible offline).
// Migrations use the engine's WASM build instead (server/db/schema-engine.ts), so any existing
// file satisfies the check: we point it at the Node binary itself.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const cli = require.resolve("prisma/build/index.js");
const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= process.execPath;
const result = spawnSync(process.execPath, [cli, "generate"], { stdio: "inherit", env });
process.exit(result.status ?? 1);
