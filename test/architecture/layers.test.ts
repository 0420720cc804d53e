// The architecture, checked (DESIGN.md, README "Architecture"): which way imports point between the
// worker's layers, no runtime import cycle, shared/ free of Cloudflare and Node, and files that fit on a
// few screens. Imports are read from the source text: `import type` / `export type` are erased at build
// time and make no runtime edge (with verbatimModuleSyntax, `import { type X }` still loads its module).
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sources(path));
    // Generated (the console's built assets: test/tools/build-console.mjs), not written by hand.
    else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".generated.ts")) out.push(path);
  }
  return out;
}

interface Import {
  from: string;
  /** A path relative to the project root, or the bare specifier (`hono`, `cloudflare:workers`). */
  to: string;
  typeOnly: boolean;
}

const IMPORT = /^\s*(import|export)\s+(type\s+)?(?:[^"';]*?\s+from\s+)?["']([^"']+)["']/gm;

function importsOf(file: string): Import[] {
  const text = readFileSync(join(root, file), "utf8");
  const out: Import[] = [];
  for (const m of text.matchAll(IMPORT)) {
    // `export const x = ...` and the like never reach a quote before a semicolon; only module specifiers match.
    const spec = m[3];
    const to = spec.startsWith(".") ? relative(root, resolve(root, dirname(file), spec)) : spec;
    out.push({ from: file, to, typeOnly: m[2] !== undefined });
  }
  return out;
}

const worker = sources("worker");
const shared = sources("shared");
// The command-line tool (Node-only): it may use shared/, never the worker.
const cli = sources("cli");
const imports = [...worker, ...shared].flatMap(importsOf);
const cliImports = cli.flatMap(importsOf);

/** The worker's layers, top to bottom; `common` holds the leaves every layer may use. */
function layerOf(file: string): string {
  const rel = file.slice("worker/".length);
  if (/^(index|wiring|app|auth)\.ts$/.test(rel) || /^(routes|aws|consumers|console)\//.test(rel)) return "entry";
  if (rel.startsWith("service/")) return "service";
  if (/^(execution|dispatch|activities|express|db|maprun)\//.test(rel)) return "parts";
  if (rel.startsWith("examples/")) return "examples";
  return "common";
}

const RANK: Record<string, number> = { entry: 3, service: 2, parts: 1, common: 0 };

describe("layers", () => {
  it("finds the sources and their imports", () => {
    expect(worker.length).toBeGreaterThan(50);
    expect(imports.filter((i) => i.to.startsWith("worker/service/")).length).toBeGreaterThan(10);
  });

  it("worker: every import points down (entry points -> service -> parts -> common), never up", () => {
    const up = imports
      .filter((i) => i.from.startsWith("worker/") && i.to.startsWith("worker/"))
      .filter((i) => {
        // env.ts declares the bindings, Durable Object classes included: types only (checked below).
        if (i.from === "worker/env.ts") return false;
        const from = layerOf(i.from),
          to = layerOf(i.to);
        if (from === "examples" || to === "examples") return false;
        return RANK[to] > RANK[from];
      })
      .map((i) => `${i.from} -> ${i.to}`);
    expect(up).toEqual([]);
  });

  it("worker: env.ts, which every layer reads, imports types only", () => {
    expect(imports.filter((i) => i.from === "worker/env.ts" && !i.typeOnly)).toEqual([]);
  });

  it("worker: only the entry point reaches the examples and the wiring", () => {
    const reaching = imports
      .filter((i) => i.to.startsWith("worker/examples/") || i.to === "worker/wiring.ts")
      .filter((i) => !i.from.startsWith("worker/examples/") && i.from !== "worker/index.ts")
      .map((i) => `${i.from} -> ${i.to}`);
    expect(reaching).toEqual([]);
  });

  it("shared: imports nothing of the worker, the tests, Cloudflare or Node", () => {
    const bad = imports
      .filter((i) => i.from.startsWith("shared/"))
      .filter((i) => /^(worker|test)\//.test(i.to) || /^(cloudflare:|node:)/.test(i.to) || i.to === "wrangler" || i.to === "miniflare")
      .map((i) => `${i.from} -> ${i.to}`);
    expect(bad).toEqual([]);
  });

  it("cli: imports shared/ and Node, never the worker or the tests; worker/ and shared/ never import cli/", () => {
    expect(cli.length).toBeGreaterThan(10);
    expect(cliImports.filter((i) => i.to.startsWith("shared/")).length).toBeGreaterThan(10);
    const bad = cliImports.filter((i) => /^(worker|test)\//.test(i.to) || /^cloudflare:/.test(i.to)).map((i) => `${i.from} -> ${i.to}`);
    const into = imports.filter((i) => i.to.startsWith("cli/")).map((i) => `${i.from} -> ${i.to}`);
    expect([...bad, ...into]).toEqual([]);
  });

  it("no runtime import cycle in worker/ or shared/", () => {
    const graph = new Map<string, string[]>();
    for (const i of imports) {
      if (i.typeOnly || !/^(worker|shared)\//.test(i.to)) continue;
      graph.set(i.from, [...(graph.get(i.from) ?? []), i.to]);
    }
    const cycles: string[] = [];
    const state = new Map<string, "open" | "done">();
    const stack: string[] = [];
    const visit = (file: string): void => {
      state.set(file, "open");
      stack.push(file);
      for (const next of graph.get(file) ?? []) {
        if (state.get(next) === "open") cycles.push([...stack.slice(stack.indexOf(next)), next].join(" -> "));
        else if (!state.has(next)) visit(next);
      }
      stack.pop();
      state.set(file, "done");
    };
    for (const file of [...worker, ...shared]) if (!state.has(file)) visit(file);
    expect(cycles).toEqual([]);
  });
});

describe("size", () => {
  const files = [...worker, ...shared, ...cli];
  it("no source file in worker/, shared/ or cli/ is over 400 lines", () => {
    const long = files
      .map((f) => [f, readFileSync(join(root, f), "utf8").split("\n").length] as const)
      .filter(([, n]) => n > 400)
      .map(([f, n]) => `${f}: ${n} lines`);
    expect(long).toEqual([]);
  });

  it("no line in worker/, shared/ or cli/ is over 140 characters (npm run format wraps most)", () => {
    const long = files.flatMap((f) =>
      readFileSync(join(root, f), "utf8")
        .split("\n")
        .flatMap((line, i) => (line.length > 140 ? [`${f}:${i + 1}: ${line.length} characters`] : [])),
    );
    expect(long).toEqual([]);
  });
});
