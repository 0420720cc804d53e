/**
 * For test/bench/durable.ts and map.ts: the worker (worker/index.ts, bundled with esbuild as wrangler would) in
 * workerd through Miniflare's Node API, with wrangler.toml's bindings, local persistence in a temp
 * folder, D1 migrated; a task server on 127.0.0.1 for the workflow's Lambda functions; and the CPU
 * time of the workerd processes (Linux /proc), which is all the runtime's CPU: worker, objects, D1.
 */
import { readdirSync, readFileSync, readlinkSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bundleWorker } from "../tools/bundle-worker.ts";
import { Miniflare, convertV4MiniflareOptions } from "miniflare";

export interface Runtime {
  url: URL;
  mf: Miniflare;
  dispose(): Promise<void>;
}

/**
 * Starts the worker. `functions` becomes LAMBDA_FUNCTIONS (function name -> URL or worker:...). With
 * `inMemory`, Durable Objects, D1 and R2 are kept in memory (Miniflare's default) rather than in files:
 * thousands of objects alive at once would each hold SQLite files open.
 */
export async function startRuntime(root: string, functions: Record<string, string>, apiToken: string, inMemory = false): Promise<Runtime> {
  const code = await bundleWorker(root, "worker/examples/index.ts");
  const dir = mkdtempSync(join(tmpdir(), "asl-bench-durable-"));
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      ...(inMemory ? {} : { resourcePersistencePath: dir }),
      host: "127.0.0.1",
      port: 0,
      workers: [
        {
          // As in wrangler.toml (a relative module path: workerd names the module by it).
          name: "asl-runtime",
          modules: [{ type: "ESModule", path: "index.js", contents: code }],
          compatibilityDate: "2026-11-01",
          compatibilityFlags: ["nodejs_compat"],
          durableObjects: {
            EXECUTIONS: { className: "ExecutionObject", useSQLite: true },
            MAP_RUNS: { className: "MapRunObject", useSQLite: true },
          },
          d1Databases: { DB: "asl-runtime" },
          // R2 as wrangler.toml has it: the bucket "files" of ItemReader/ResultWriter is the binding FILES.
          r2Buckets: { FILES: "asl-runtime-files" },
          serviceBindings: { TASKS: { name: "asl-runtime", entrypoint: "ExampleTasks" } },
          bindings: { API_TOKEN: apiToken, LAMBDA_FUNCTIONS: functions, S3_BUCKETS: { files: "FILES" } },
        },
      ],
    }),
  );
  const url = await mf.ready;
  await migrate(mf, join(root, "migrations"));
  return {
    url,
    mf,
    dispose: async () => {
      await mf.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** migrations/*.sql in order, statement by statement (they hold no `;` inside a statement). */
async function migrate(mf: Miniflare, dir: string): Promise<void> {
  const db = await mf.getD1Database("DB");
  for (const f of readdirSync(dir)
    .filter((n) => n.endsWith(".sql"))
    .sort()) {
    const sql = readFileSync(join(dir, f), "utf8").replace(/--[^\n]*/g, "");
    for (const stmt of sql
      .split(";")
      .map((s) => s.trim())
      .filter(Boolean))
      await db.prepare(stmt).run();
  }
}

/** A task server: POST /<name> runs handlers[name] on the JSON body. Counts the calls it served. */
export async function startTaskServer(
  handlers: Record<string, (input: any) => unknown>,
): Promise<{ base: string; calls: () => number; close: () => Promise<void> }> {
  let calls = 0;
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      calls++;
      const h = handlers[(req.url ?? "/").slice(1)];
      const [status, out] = h ? [200, h(JSON.parse(body || "null"))] : [404, { errorType: "UnknownTask", errorMessage: req.url }];
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(out));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  return { base: `http://127.0.0.1:${port}`, calls: () => calls, close: () => new Promise((r) => server.close(() => r())) };
}

/** CPU ms (user + system) used so far by every workerd process this Node process started; null off Linux. */
export function workerdCpuMs(): number | null {
  let ticks = 0;
  let found = false;
  let pids: string[];
  try {
    pids = readdirSync("/proc").filter((p) => /^\d+$/.test(p));
  } catch {
    return null;
  }
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      // Fields after the command name (which may hold spaces): state ppid ... utime(14) stime(15).
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(f[1]) !== process.pid || !readlinkSync(`/proc/${pid}/exe`).includes("workerd")) continue;
      ticks += Number(f[11]) + Number(f[12]);
      found = true;
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  // USER_HZ is 100 on every Linux Node runs on.
  return found ? ticks * 10 : null;
}

/** Resident memory (KiB, VmRSS) of every workerd process this Node process started, summed; null off Linux. */
export function workerdRssKiB(): number | null {
  let kib = 0;
  let found = false;
  let pids: string[];
  try {
    pids = readdirSync("/proc").filter((p) => /^\d+$/.test(p));
  } catch {
    return null;
  }
  for (const pid of pids) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      if (Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]) !== process.pid || !readlinkSync(`/proc/${pid}/exe`).includes("workerd")) continue;
      kib += Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
      found = true;
    } catch {
      // gone meanwhile
    }
  }
  return found ? kib : null;
}
