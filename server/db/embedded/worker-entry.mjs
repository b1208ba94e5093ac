// Entry of the embedded database's worker thread. Plain JavaScript, because a worker does not
// always inherit the TypeScript loader of the thread that starts it (vitest's workers do not):
// tsx's scoped import loads the TypeScript body the same way in every context.
import { tsImport } from "tsx/esm/api";

await tsImport("./worker.ts", import.meta.url);
