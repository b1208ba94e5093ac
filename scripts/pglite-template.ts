// Run on `npm install`: makes the empty-database template new data folders start from
// (server/db/embedded/data-template.ts). Never fails the install: without a template the server
// creates new folders the slower way (initdb), and says nothing is wrong because nothing is.
import { existsSync } from "node:fs";
import { templatePath, writeTemplate } from "../server/db/embedded/data-template";

try {
  if (existsSync(templatePath())) {
    console.log(`[arena] empty-database template already made: ${templatePath()}`);
  } else {
    const { file, bytes } = await writeTemplate();
    console.log(`[arena] made the empty-database template (${(bytes / 2 ** 20).toFixed(1)} MiB): ${file}`);
  }
} catch (error) {
  console.warn(`[arena] could not make the empty-database template (new data folders will take a second longer): ${(error as Error).message}`);
}
