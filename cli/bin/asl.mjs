#!/usr/bin/env node
// The `asl` bin: cli/main.ts in a checkout (Node 22 strips its types), the bundle cli/dist/asl.mjs in an
// installed package (see cli/load.mjs).
import { load } from "../load.mjs";

let cli;
try {
  ({ cli } = await load("main", "asl"));
} catch (e) {
  process.stderr.write(`asl: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(2);
}
await cli();
