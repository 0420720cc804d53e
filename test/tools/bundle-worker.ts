/** A worker entry point bundled as wrangler would (esbuild, ESM, workerd's conditions), as text for Miniflare. */
import { join } from "node:path";
import { build } from "esbuild";
// @ts-expect-error: a plain .mjs script without types
import { buildConsole } from "./build-console.mjs";

/** The console's assets are generated (gitignored): a fresh clone has none until they are built. */
let consoleBuilt: Promise<unknown> | undefined;

export async function bundleWorker(root: string, entry: string): Promise<string> {
  await (consoleBuilt ??= buildConsole({ quiet: true }));
  const out = await build({
    entryPoints: [join(root, entry)],
    bundle: true,
    format: "esm",
    platform: "neutral",
    conditions: ["workerd", "worker", "browser"],
    mainFields: ["module", "main"],
    external: ["cloudflare:*", "node:*"],
    target: "es2024",
    write: false,
    outfile: "index.js",
    logLevel: "error",
  });
  return out.outputFiles[0].text;
}
