/**
 * `npm run dev` for the README test: the real path (test/tools/dev.sh: migrations, seeded examples,
 * `wrangler dev`) on a free port, with a fresh local state in a temporary folder, PUBLIC_URL set to
 * that port so that callback links work, and the default token `local-dev-token` whatever the
 * environment or `.dev.vars` say.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface DevServer {
  port: number;
  /** Everything the server printed so far (stdout and stderr). */
  log(): string;
  stop(): Promise<void>;
}

/** A port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export async function startDevServer(root: string, timeoutMs = 120_000): Promise<DevServer> {
  const port = await freePort();
  const inspector = await freePort();
  const state = mkdtempSync(join(tmpdir(), "readme-test-state-"));
  const args = ["run", "dev", "--", "--port", String(port), "--inspector-port", String(inspector)];
  args.push("--var", `PUBLIC_URL:http://localhost:${port}`, "--var", "API_TOKEN:local-dev-token", "--var", 'AWS_ACCESS_KEYS:{"test":"test"}');
  const env = { ...process.env, ASL_DEV_STATE: state };
  delete env.API_TOKEN;
  // Its own process group, so that stop() ends npm, wrangler and workerd together.
  const child = spawn("npm", args, { cwd: root, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const server: DevServer = {
    port,
    log: () => output,
    stop: async () => {
      await stopGroup(child, exited);
      rmSync(state, { recursive: true, force: true });
    },
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`npm run dev exited (${child.exitCode}) before answering:\n${output}`);
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`npm run dev did not answer /health within ${timeoutMs / 1000} s:\n${output}`);
    }
    try {
      const res = await fetch(`http://localhost:${port}/health`);
      if (res.ok) return server;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function stopGroup(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const kill = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // already gone
    }
  };
  kill("SIGTERM");
  const timer = setTimeout(() => kill("SIGKILL"), 5000);
  await exited;
  clearTimeout(timer);
}
