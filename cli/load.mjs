// Which build of a CLI module to load: the TypeScript source in a checkout with a Node that strips types
// (22.18 and later), else the esbuild bundle in cli/dist/ (an installed package: Node strips no types under
// node_modules). Used by the bin (cli/bin/asl.mjs) and the test helper's entry (cli/testing.mjs).
import { existsSync } from "node:fs";
import { dirname, join, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const installed = here.split(sep).includes("node_modules");
const strips = process.features?.typescript !== undefined && process.features.typescript !== false;

/** `name`: main or testing (source cli/<source>.ts, bundle cli/dist/<bundle>.mjs). */
export async function load(source, bundle) {
  const ts = join(here, `${source}.ts`);
  const js = join(here, "dist", `${bundle}.mjs`);
  const entry = !installed && strips && existsSync(ts) ? ts : js;
  if (!existsSync(entry)) throw new Error(`${js} is missing: run \`npm run build:cli\` (or use Node >= 22.18 in a checkout)`);
  return import(pathToFileURL(entry).href);
}
