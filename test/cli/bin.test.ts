// The `asl` bin as users get it: `npx asl` in a checkout (the TypeScript source), and an installed
// package (under node_modules, where Node strips no types): the esbuild bundle that `prepare` builds,
// also on Node 20, and the `asl-on-cloudflare/testing` export.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { buildCli } from "../../cli/build.mjs";
import { asl, fixture, root, tempDir } from "./helpers.ts";

describe("the asl bin", () => {
  it("npx asl runs from a checkout", () => {
    const r = spawnSync("npx", ["--no-install", "asl", "validate", fixture("order.yaml")], { cwd: root, encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /order\.yaml: valid\n$/);
  });

  it("an installed package runs the bundle (Node 22 and the system's Node 20), and exports runWorkflow", async () => {
    const project = tempDir();
    const pkg = join(project, "node_modules", "asl-on-cloudflare");
    mkdirSync(join(pkg, "cli", "bin"), { recursive: true });
    const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
    writeFileSync(
      join(pkg, "package.json"),
      JSON.stringify({ name: manifest.name, type: "module", bin: manifest.bin, exports: manifest.exports }),
    );
    for (const f of ["cli/bin/asl.mjs", "cli/load.mjs", "cli/testing.mjs", "cli/main.ts", "cli/testing.ts"])
      cpSync(join(root, f), join(pkg, f));
    await buildCli(join(pkg, "cli", "dist"));
    const bin = join(pkg, manifest.bin.asl);
    const nodes = [process.execPath, ...["/usr/bin/node", "/usr/local/bin/node"].filter((p) => existsSync(p))];
    for (const node of nodes) {
      const r = await asl(
        ["run", fixture("order.yaml"), "--handlers", fixture("tasks.mjs"), "--input", '{"total":2,"items":[]}', "--quiet"],
        { node, bin, cwd: project },
      );
      assert.equal(r.code, 0, `${node}: ${r.stderr}`);
      assert.deepEqual(JSON.parse(r.stdout), [{ charged: 2 }, []]);
    }
    const test = join(project, "check.mjs");
    writeFileSync(
      test,
      `import { runWorkflow } from "asl-on-cloudflare/testing";\n` +
        `const run = await runWorkflow(${JSON.stringify(fixture("order.yaml"))}, { input: { total: 1, items: [] }, handlers: { Charge: () => "ok" } });\n` +
        `console.log(JSON.stringify([run.status, run.path, run.outputOf("Charge")]));\n`,
    );
    const r = spawnSync(process.execPath, [test], { cwd: project, encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), ["SUCCEEDED", ["Prepare", "Fan out", "Done"], "ok"]);
    // It ran the bundle: cli/main.ts is there too, but Node refuses to strip types under node_modules.
  });

  it("an installed package without its bundle says how to build it (exit 2)", async () => {
    const project = tempDir();
    const pkg = join(project, "node_modules", "asl-on-cloudflare");
    mkdirSync(join(pkg, "cli", "bin"), { recursive: true });
    for (const f of ["cli/bin/asl.mjs", "cli/load.mjs", "cli/main.ts"]) cpSync(join(root, f), join(pkg, f));
    const r = await asl(["--help"], { bin: join(pkg, "cli", "bin", "asl.mjs"), cwd: project });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^asl: .*node_modules\/asl-on-cloudflare\/cli\/dist\/asl\.mjs is missing: run `npm run build:cli`/);
  });
});
