// Bundles the CLI and the test helper into cli/dist/ (gitignored) with esbuild: plain JavaScript for an
// installed package, where Node strips no TypeScript types (files under node_modules). Run by
// `npm run build:cli` and by `prepare` (npm install from git, npm pack).
import { build } from "esbuild";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

export async function buildCli(outdir = join(here, "dist")) {
  await build({
    entryPoints: { asl: join(here, "main.ts"), testing: join(here, "testing.ts") },
    outdir,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    logLevel: "error",
    // A CommonJS dependency that requires a Node module (`process`) needs a require in an ES module.
    banner: { js: 'import { createRequire as __aslRequire } from "node:module"; const require = __aslRequire(import.meta.url);' },
  });
  return outdir;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildCli(process.argv[2]);
