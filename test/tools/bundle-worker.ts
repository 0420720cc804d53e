/** A worker entry point bundled as wrangler would (esbuild, ESM, workerd's conditions), as text for Miniflare. */
import { join } from "node:path";
import { build } from "esbuild";

export async function bundleWorker(root: string, entry: string): Promise<string> {
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
