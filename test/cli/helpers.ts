/** Spawns the `asl` bin (cli/bin/asl.mjs) as a process, the way a user or a CI job runs it. */
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const root = resolve(import.meta.dirname, "../..");
export const fixture = (name: string): string => join(root, "test/cli/fixtures", name);
export const BIN = join(root, "cli/bin/asl.mjs");
export const tempDir = (): string => mkdtempSync(join(tmpdir(), "asl-cli-"));

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export function asl(args: string[], opts: { env?: Record<string, string>; cwd?: string; node?: string; bin?: string } = {}): Promise<Ran> {
  const began = Date.now();
  return new Promise((done, fail) => {
    const child = spawn(opts.node ?? process.execPath, [opts.bin ?? BIN, ...args], {
      cwd: opts.cwd ?? root,
      env: { ...process.env, API_TOKEN: "", ASL_ENDPOINT: "", ...opts.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", fail);
    child.on("close", (code) => done({ code, stdout, stderr, ms: Date.now() - began }));
  });
}

/** The one line a bad input must give: exactly one line on stderr, nothing on stdout. */
export function oneLine(r: Ran): string {
  const lines = r.stderr.trimEnd().split("\n");
  if (lines.length !== 1 || r.stdout !== "") throw new Error(`expected one line on stderr, got:\n${r.stderr}\nstdout:\n${r.stdout}`);
  return lines[0];
}
