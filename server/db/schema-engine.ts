// Loads Prisma's schema engine (the part of the CLI that diffs schemas and applies migrations) from
// its official WebAssembly build, so migrations work offline and on any platform: the native engine
// the CLI would download is unreachable on machines without internet.
//
// The package's entry does `import * as wasm from "./x.wasm"`, which Node 20 only allows behind
// --experimental-wasm-modules. We do the same wiring by hand with the WebAssembly API instead.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";

type Bindings = typeof import("@prisma/schema-engine-wasm/schema_engine_bg");
export type SchemaEngine = Awaited<ReturnType<Bindings["SchemaEngine"]["new"]>>;

let bindingsPromise: Promise<Bindings> | undefined;

async function loadBindings(): Promise<Bindings> {
  const require = createRequire(import.meta.url);
  const entry = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
  const glue = (await import("@prisma/schema-engine-wasm/schema_engine_bg")) as Bindings & {
    __wbg_set_wasm(exports: WebAssembly.Exports): void;
  };
  const bytes = await readFile(path.join(path.dirname(entry), "schema_engine_bg.wasm"));
  const { instance } = await WebAssembly.instantiate(bytes, {
    "./schema_engine_bg.js": glue as unknown as WebAssembly.ModuleImports,
  });
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return glue;
}

/** Opens a schema engine on a database reached through a Prisma driver adapter factory. */
export async function openSchemaEngine(
  datamodels: Array<[path: string, text: string]>,
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  log: (message: string) => void = () => {},
): Promise<SchemaEngine> {
  bindingsPromise ??= loadBindings();
  const { SchemaEngine } = await bindingsPromise;
  return SchemaEngine.new({ datamodels }, log, bindMigrationAwareSqlAdapterFactory(adapterFactory));
}
