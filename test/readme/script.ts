/**
 * The README's runnable blocks as one bash script, run as a reader following the README in one
 * terminal would: in document order, in the checkout's root, shell variables carried from block to
 * block, under `set -euo pipefail`. `localhost:8787` becomes the test server's port. A TypeScript or
 * JavaScript block is saved at the root (its imports are relative to it) and run with `npx node`.
 *
 * Each command is announced on stdout and stderr by a marker line, so that the output can be cut
 * back into one piece per command. `curl` is wrapped: it reports its HTTP status on stderr and, unless
 * the README claims an error for that command, fails on a status of 400 or more (`--fail-with-body`).
 */
import { spawn } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { splitCommands, type Block } from "./blocks.ts";
import { claimsHttpError } from "./expect.ts";

export interface Step {
  /** `L<line>`: the README line of the command (of the block, for a snippet). */
  id: string;
  block: Block;
  /** The command (for a snippet, the block's text). */
  text: string;
  /** What the README claims for it: a shell comment, or a snippet's `//` comments, one per line. */
  expected: string;
}

export interface StepResult {
  stdout: string;
  stderr: string;
  /** HTTP statuses of the step's curl calls, in order. */
  statuses: number[];
}

export interface ScriptRun {
  exitCode: number | null;
  /** Results of the steps that started; the last one is the one that failed when exitCode is not 0. */
  results: Map<string, StepResult>;
  started: string[];
  /** Files the script wrote at the root (snippets), for the caller to remove. */
  files: string[];
}

const SNIPPET_END = "__README_TEST_SNIPPET__";
const STEP = /\n?@@readme-test step (\S+)@@\n/;
const HTTP = /@@readme-test http (\d+)@@\n?/g;

const PRELUDE = String.raw`set -euo pipefail
__readme_step() {
  printf '\n@@readme-test step %s@@\n' "$1"
  printf '\n@@readme-test step %s@@\n' "$1" >&2
  if [[ $2 == error ]]; then __readme_http_error_ok=1; else __readme_http_error_ok=; fi
}
curl() {
  if [[ -n ${"${__readme_http_error_ok:-}"} ]]; then
    command curl -w '%{stderr}@@readme-test http %{http_code}@@\n' "$@"
  else
    command curl --fail-with-body -w '%{stderr}@@readme-test http %{http_code}@@\n' "$@"
  fi
}
`;

export function stepsOf(block: Block, expectedOf: (b: Block) => string[]): Step[] {
  if (block.lang === "sh") {
    return splitCommands(block).map((c) => ({ id: `L${c.line}`, block, text: c.text, expected: c.expected }));
  }
  return [{ id: `L${block.line}`, block, text: block.text, expected: expectedOf(block).join("\n") }];
}

const snippetFile = (step: Step): string => `.readme-test-${step.id}.${step.block.lang === "ts" ? "ts" : "mjs"}`;

export function buildScript(steps: Step[], port: number): { script: string; files: string[] } {
  const local = (s: string) => s.replaceAll("localhost:8787", `localhost:${port}`);
  const parts = [PRELUDE];
  const files: string[] = [];
  for (const step of steps) {
    parts.push(`# README.md:${step.id.slice(1)}`);
    if (step.block.lang === "sh") {
      parts.push(`__readme_step ${step.id} ${claimsHttpError(step.expected) ? "error" : "ok"}`, local(step.text));
    } else {
      const file = snippetFile(step);
      files.push(file);
      parts.push(`cat > ${file} <<'${SNIPPET_END}'`, local(step.text), SNIPPET_END);
      parts.push(`__readme_step ${step.id} ok`, `npx node ${file}`);
    }
  }
  return { script: `${parts.join("\n")}\n`, files };
}

export async function runScript(root: string, script: string, files: string[], timeoutMs: number): Promise<ScriptRun> {
  const path = join(root, ".readme-test-script.sh");
  writeFileSync(path, script);
  const env: NodeJS.ProcessEnv = { ...process.env, AWS_CONFIG_FILE: "/dev/null", AWS_SHARED_CREDENTIALS_FILE: "/dev/null", AWS_PAGER: "" };
  for (const k of ["AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_DEFAULT_REGION", "AWS_REGION"]) delete env[k];
  const child = spawn("bash", [path], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  const exitCode = await new Promise<number | null>((resolve) => child.once("close", (code) => resolve(code)));
  clearTimeout(timer);
  rmSync(path, { force: true });
  const outs = cut(stdout);
  const errs = cut(stderr);
  const results = new Map<string, StepResult>();
  for (const [id, out] of outs) {
    const err = errs.get(id) ?? "";
    const statuses = [...err.matchAll(HTTP)].map((m) => Number(m[1]));
    results.set(id, { stdout: out, stderr: err.replace(HTTP, ""), statuses });
  }
  return { exitCode, results, started: [...outs.keys()], files };
}

/** Output cut at the step markers: step id -> what it printed. */
function cut(text: string): Map<string, string> {
  const parts = text.split(STEP);
  const out = new Map<string, string>();
  for (let i = 1; i < parts.length; i += 2) out.set(parts[i], parts[i + 1] ?? "");
  return out;
}
