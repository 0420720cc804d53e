// `asl-on-cloudflare/testing` (package.json "exports"): runWorkflow from cli/testing.ts, or from its bundle
// in an installed package (see cli/load.mjs). Types: cli/testing.ts.
import { load } from "./load.mjs";

const mod = await load("testing", "testing");
export const runWorkflow = mod.runWorkflow;
