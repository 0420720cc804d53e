/**
 * The README's examples, run as written against `npm run dev`, so that they cannot drift.
 *
 * - Blocks: every fenced ```sh, ```ts and ```js block of README.md, in document order (other
 *   languages, e.g. ```jsonc, are not run). All run blocks form one bash script under
 *   `set -euo pipefail`, in the checkout's root, so shell variables carry from block to block as in a
 *   reader's terminal (test/readme/script.ts). `localhost:8787` is rewritten to the test server's port.
 *   A ts/js block is saved at the root and run with `npx node <file>`.
 * - Server: the real `npm run dev` (test/tools/dev.sh, wrangler dev) on a free port, with a fresh
 *   local state in a temporary folder and `--var PUBLIC_URL:http://localhost:<port>`
 *   (test/readme/dev-server.ts).
 * - Skips are written in the README, just before the block, and shown here as skipped tests:
 *   `<!-- readme-test: skip (why) -->` never runs the block; `<!-- readme-test: needs aws (why) -->`
 *   runs it only where the `aws` command exists.
 * - Checks, per command (test/readme/expect.ts has the exact rules):
 *   1. it exits 0 (the script stops at the first failure; later commands are reported as not reached);
 *   2. each curl gets an HTTP status below 400, unless the README shows an error body
 *      (`{"error": ...}` or `{"__type": ...}`) as its output;
 *   3. the output the README shows under it (`# ...` lines directly below, or a trailing `# {...}`)
 *      matches: every `"key": value` pair in it appears in the output (`...`, `<placeholder>`,
 *      timestamps and UUIDs match anything of their kind), and a whole JSON object shown without `...`
 *      means exactly those top-level keys;
 *   4. a ts/js block prints, line by line, what the `// ...` comments of its console.log lines say
 *      (spaces collapsed).
 * - The dev server's log has no uncaught exception (`✘ [ERROR]` / `Uncaught`): a task that fails by
 *   design is a task failure, not a crash.
 * Takes about a minute: ~15 s to start the server, then the examples' own waits.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { readBlocks, runnable, snippetExpected, type Block } from "./blocks.ts";
import { claimsHttpError, judge } from "./expect.ts";
import { startDevServer, type DevServer } from "./dev-server.ts";
import { buildScript, runScript, stepsOf, type ScriptRun, type Step } from "./script.ts";

const root = join(import.meta.dirname, "../..");
const blocks = readBlocks(readFileSync(join(root, "README.md"), "utf8"));
const has = (command: string) => spawnSync("bash", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;

/** Why a block does not run here, or null when it runs. */
function skipReason(b: Block): string | null {
  if (b.directive.kind === "skip") return `README marks it: ${b.directive.reason}`;
  if (b.directive.kind === "needs" && !has(b.directive.command)) return `no ${b.directive.command} on this machine (${b.directive.reason})`;
  return null;
}

const running = blocks.filter((b) => runnable(b) && skipReason(b) === null);
const steps = running.flatMap((b) => stepsOf(b, snippetExpected));

describe("README examples against npm run dev", { timeout: 240_000 }, () => {
  let server: DevServer | undefined;
  let run: ScriptRun | undefined;
  let files: string[] = [];

  before(async () => {
    for (const tool of ["bash", "curl"]) assert.ok(has(tool), `the README's examples need ${tool}; install it`);
    const t0 = Date.now();
    server = await startDevServer(root);
    const t1 = Date.now();
    const built = buildScript(steps, server.port);
    files = built.files;
    run = await runScript(root, built.script, built.files, 180_000);
    console.log(`# dev server ready in ${((t1 - t0) / 1000).toFixed(1)} s; README examples ran in ${((Date.now() - t1) / 1000).toFixed(1)} s`);
  });

  after(async () => {
    for (const f of files) rmSync(join(root, f), { force: true });
    await server?.stop();
  });

  for (const block of blocks.filter(runnable)) {
    const reason = skipReason(block);
    const name = `README.md:${block.line} (${block.lang})`;
    if (reason) {
      it(name, { skip: reason }, () => {});
      continue;
    }
    it(name, () => {
      for (const step of steps.filter((s) => s.block === block)) checkStep(step, run!, server!.port);
    });
  }

  it("the dev server logs no uncaught exception; a task's failure is one line", () => {
    const log = server!.log().replace(/\x1b\[[0-9;]*m/g, "");
    const lines = log.split("\n").filter((l) => /Uncaught|✘ \[ERROR\]/.test(l));
    assert.deepEqual(lines, [], "wrangler dev printed errors");
    // The Retry example's refused payments are there, as the task's failures.
    assert.match(log, /task failed: ProcessPayment of \S+:flaky-1: Lambda\.TooManyRequestsException/);
  });
});

function checkStep(step: Step, run: ScriptRun, port: number): void {
  // The README's claims name port 8787 too (callback links, trigger URLs).
  const expected = step.expected.replaceAll("localhost:8787", `localhost:${port}`);
  const where = `README.md:${step.id.slice(1)}: ${firstLine(step.text)}`;
  const result = run.results.get(step.id);
  if (!result) assert.fail(`${where}\nnot reached: an earlier command failed (exit ${run.exitCode}; last started ${run.started.at(-1)})`);
  const shown = `\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}\n--- HTTP statuses: ${result.statuses.join(", ") || "none"}`;
  if (run.started.at(-1) === step.id && run.exitCode !== 0) assert.fail(`${where}\nfailed (exit ${run.exitCode})${shown}`);
  if (!claimsHttpError(expected)) {
    const bad = result.statuses.filter((s) => s >= 400);
    assert.deepEqual(bad, [], `${where}\nan HTTP error the README does not show${shown}`);
  }
  if (step.block.lang === "sh") {
    assert.deepEqual(judge(expected, result.stdout), [], `${where}\nthe output is not what the README shows:\n${expected}${shown}`);
  } else {
    const squeeze = (s: string) => s.replace(/\s+/g, " ").trim();
    const printed = result.stdout.split("\n").map(squeeze).filter(Boolean);
    assert.deepEqual(printed, expected.split("\n").map(squeeze).filter(Boolean), `${where}\nthe snippet printed something else${shown}`);
  }
}

const firstLine = (s: string) => s.split("\n")[0].slice(0, 100);
