#!/usr/bin/env node
// The `asl` bin. In a checkout with Node >= 22.18 it runs the TypeScript source (cli/main.ts; Node strips
// the types), so edits apply at once. Node strips no types under node_modules, so an installed package
// runs the bundle cli/dist/asl.mjs, which `npm run build:cli` (and `prepare`, on install) makes.
import { existsSync } from "node:fs";
import { dirname, join, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const source = join(here, "..", "main.ts");
const bundle = join(here, "..", "dist", "asl.mjs");
const installed = here.split(sep).includes("node_modules");
const strips = process.features?.typescript !== undefined && process.features.typescript !== false;
const entry = !installed && strips && existsSync(source) ? source : bundle;
if (!existsSync(entry)) {
  process.stderr.write(`asl: ${bundle} is missing: run \`npm run build:cli\` (or use Node >= 22.18 in a checkout)\n`);
  process.exit(2);
}
const { cli } = await import(pathToFileURL(entry).href);
await cli();
