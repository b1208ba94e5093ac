// Run on `npm install`: makes the empty-database template new data folders start from
// (server/db/embedded/data-template.ts). Never fails the install: without a template the server
// creates new folders the slower way (initdb), so a problem here is only a warning.
import { existsSync } from "node:fs";
import { templatePath, writeTemplate } from "../server/db/embedded/data-template";

const slow = "new data folders will take a second longer";
try {
  const target = templatePath();
  if (!target) {
    console.warn(`[arena] no empty-database template: cannot find @electric-sql/pglite's version (${slow})`);
  } else if (existsSync(target)) {
    console.log(`[arena] empty-database template already made: ${target}`);
  } else {
    const { file, bytes } = await writeTemplate(target);
    console.log(`[arena] made the empty-database template (${(bytes / 2 ** 20).toFixed(1)} MiB): ${file}`);
  }
} catch (error) {
  console.warn(`[arena] could not make the empty-database template (${slow}): ${(error as Error).message}`);
}
