/**
 * Express benchmark (not a test): the `small-express` workflow of ../shared/bench run over HTTP in
 * workerd (Miniflare's Node API) beside a bare Hono worker (test/bench/express-bare.ts) that does the
 * same work by hand and answers the same output; both call the same Compute server in this process.
 *
 *   npm run bench:express [-- --n 3600] [--rounds 12] [--concurrency 16] [--json FILE] [--dir DIR] [--records off|metadata|data]
 *                         [--routes sync|trigger|sync,trigger] [--profile bare|sync|trigger]
 *
 * Three routes, each N requests one at a time, then N with `concurrency` in flight, in `rounds` rounds of
 * N / rounds requests per route. Each round takes the next of the routes' six orders, so that every route
 * runs first, second and third, and after each other route, equally often (a turned order put the trigger
 * after sync in every round); between two measurements the bench waits until the records written so far
 * are in D1 and then 100 ms more, so that no route pays for the tail of the one before it. Each figure is
 * the median of its rounds, each ratio the median of the rounds' ratios to the bare route (with its
 * quartiles):
 *   bare      POST /bare on the Hono worker
 *   sync      POST /state-machines/small-express/sync-executions (AWS's StartSyncExecution answer)
 *   trigger   POST /run/bench (an HTTP trigger, auth none: the answer is the output itself)
 * It prints the throughputs and route/bare ratios (1: as fast as the bare route), and the CPU time the workerd process
 * spent per request (from /proc, Linux only: the route's runs, the records they left to write and the D1 simulator
 * included) with bare/route ratios of it (1: as cheap as the bare route); CPU time is what Cloudflare bills, and it
 * varies less than throughput on a shared machine. Exit 1 when an answer is wrong; never on speed.
 * `--records` sets EXPRESS_RECORDS (default: unset, i.e. "metadata", each run's record written to D1
 * after its answer); `--records off` measures the runs without their records. `--valgrind` runs workerd under
 * callgrind (./callgrind.ts) and prints the instructions per request and their bare/route ratio, which vary
 * by a few per cent where timings vary by ±30% (default then --n 600 --rounds 2; a few minutes). `--profile ROUTE`
 * measures nothing else: it takes a V8 CPU profile of that route's worker isolate over N requests (`concurrency`
 * in flight; ./isolate-profile.ts) and prints each function's share of the isolate's busy time.
 */
import { readdirSync, readFileSync, writeFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { isDeepStrictEqual } from "node:util";
import { bundleWorker } from "../tools/bundle-worker.ts";
import { Miniflare, convertV4MiniflareOptions } from "miniflare";
import { callgrindAvailable, InstructionCounter, useCallgrind } from "./callgrind.ts";
import { startTaskServer } from "./durable-runtime.ts";
import { connectIsolate, summarise } from "./isolate-profile.ts";
import { createServer } from "node:net";

const root = resolve(import.meta.dirname, "../..");
const args = process.argv.slice(2);
const opt = (name: string, dflt: string): string => {
  const i = args.indexOf(name);
  return i < 0 ? dflt : (args[i + 1] ?? dflt);
};
// --valgrind: count workerd's instructions instead of timing it (./callgrind.ts); slow, so fewer requests.
const valgrind = args.includes("--valgrind");
const N = Number(opt("--n", valgrind ? "600" : "3600"));
const ROUNDS = Math.max(1, Number(opt("--rounds", valgrind ? "2" : "12")));
const CONCURRENCY = Number(opt("--concurrency", "16"));
const jsonFile = args.includes("--json") ? opt("--json", "express-bench.json") : undefined;
const dir = resolve(opt("--dir", join(root, "../shared/bench")));
const records = args.includes("--records") ? opt("--records", "metadata") : undefined;
const profileRoute = args.includes("--profile") ? opt("--profile", "sync") : undefined;
const WORKFLOW = "small-express";
const TOKEN = "bench-token";

const definition = JSON.parse(readFileSync(join(dir, "workflows", `${WORKFLOW}.json`), "utf8"));
const kase = JSON.parse(readFileSync(join(dir, "cases", `${WORKFLOW}.json`), "utf8")) as { input: unknown; expected: unknown };
// The trigger's input is {body, query, ...}: the same workflow reading the request body.
const triggered = structuredClone(definition);
triggered.States[triggered.StartAt].InputPath = "$.body";

const bundle = (entry: string): Promise<string> => bundleWorker(root, entry);

const tasks = await startTaskServer({ Compute: ({ qty, price }: { qty: number; price: number }) => ({ total: qty * price }) });
const persist = mkdtempSync(join(tmpdir(), "asl-bench-express-"));
if (valgrind) {
  if (!callgrindAvailable()) {
    console.error("--valgrind needs valgrind and callgrind_control on the PATH (Debian: apt-get install valgrind)");
    process.exit(2);
  }
  await useCallgrind(persist);
}
const common = { compatibilityDate: "2026-11-01", compatibilityFlags: ["nodejs_compat"] };
/** A free local port (for the inspector: Miniflare takes a port number, not 0). */
const freePort = (): Promise<number> =>
  new Promise((ok) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => ok(port));
    });
  });
const inspectorPort = profileRoute ? await freePort() : undefined;
const mf = new Miniflare(
  convertV4MiniflareOptions({
    resourcePersistencePath: persist,
    host: "127.0.0.1",
    port: 0,
    ...(inspectorPort ? { inspectorPort } : {}),
    workers: [
      {
        name: "asl-runtime",
        modules: [{ type: "ESModule", path: "index.js", contents: await bundle("worker/examples/index.ts") }],
        ...common,
        // The routes the bench drives need no Durable Object; they are bound as wrangler.toml binds them.
        durableObjects: {
          EXECUTIONS: { className: "ExecutionObject", useSQLite: true },
          ACTIVITIES: { className: "ActivityObject", useSQLite: true },
        },
        d1Databases: { DB: "asl-runtime" },
        serviceBindings: { TASKS: { name: "asl-runtime", entrypoint: "ExampleTasks" } },
        bindings: {
          API_TOKEN: TOKEN,
          LAMBDA_FUNCTIONS: { Compute: `${tasks.base}/Compute` },
          ...(records === undefined ? {} : { EXPRESS_RECORDS: records }),
        },
        routes: ["*/state-machines/*", "*/run/*"],
      },
      {
        name: "bare",
        modules: [{ type: "ESModule", path: "bare.js", contents: await bundle("test/bench/express-bare.ts") }],
        ...common,
        bindings: { COMPUTE_URL: `${tasks.base}/Compute` },
        routes: ["*/bare"],
      },
    ],
  }),
);
const base = await mf.ready;

// migrations/*.sql in order, statement by statement (they hold no `;` inside a statement).
const db = await mf.getD1Database("DB", "asl-runtime");
const migrations = join(root, "migrations");
for (const f of readdirSync(migrations)
  .filter((n) => n.endsWith(".sql"))
  .sort()) {
  const sql = readFileSync(join(migrations, f), "utf8").replace(/--[^\n]*/g, "");
  for (const stmt of sql
    .split(";")
    .map((s) => s.trim())
    .filter(Boolean))
    await db.prepare(stmt).run();
}

async function send(method: string, path: string, body: unknown): Promise<{ status: number; body: any }> {
  const r = await fetch(new URL(path, base), {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: r.status, body: await r.json() };
}

async function setup(): Promise<void> {
  for (const [name, def] of [
    [WORKFLOW, definition],
    [`${WORKFLOW}-trigger`, triggered],
  ] as const) {
    const r = await send("POST", "/state-machines", { name, type: "EXPRESS", definition: def });
    if (r.status >= 300) throw new Error(`create ${name}: ${r.status} ${JSON.stringify(r.body)}`);
  }
  const t = await send("PUT", `/state-machines/${WORKFLOW}-trigger/trigger`, { method: "POST", path: "/bench", auth: "none" });
  if (t.status !== 200) throw new Error(`trigger: ${t.status} ${JSON.stringify(t.body)}`);
}

interface Route {
  name: string;
  call: () => Promise<unknown>;
}

const wrong: string[] = [];
const check = (route: string, got: unknown) => {
  if (!isDeepStrictEqual(got, kase.expected) && wrong.length < 5) wrong.push(`${route}: ${JSON.stringify(got)}`);
};
const ALL_ROUTES: Route[] = [
  { name: "bare", call: async () => check("bare", (await send("POST", "/bare", kase.input)).body) },
  {
    name: "sync",
    call: async () => {
      const r = await send("POST", `/state-machines/${WORKFLOW}/sync-executions`, { input: kase.input });
      check("sync", r.body.status === "SUCCEEDED" ? JSON.parse(r.body.output) : r.body);
    },
  },
  { name: "trigger", call: async () => check("trigger", (await send("POST", "/run/bench", kase.input)).body) },
];
// --routes sync: only these beside the bare route (which every ratio needs)
const only = args.includes("--routes") ? opt("--routes", "").split(",") : undefined;
const ROUTES = ALL_ROUTES.filter((r) => r.name === "bare" || !only || only.includes(r.name));

/** Every order of the routes: round i runs ORDERS[i % ORDERS.length]. */
const ORDERS: Route[][] = ((): Route[][] => {
  const all: Route[][] = [];
  const permute = (done: Route[], left: Route[]) => {
    if (!left.length) all.push(done);
    left.forEach((r, i) => permute([...done, r], [...left.slice(0, i), ...left.slice(i + 1)]));
  };
  permute([], ROUTES);
  return all;
})();

// Answers that keep a record (sync and trigger); settle() waits until D1 holds them all.
let recordedAnswers = 0;
const countRecords = async () =>
  (await db.prepare("SELECT COUNT(*) AS n FROM executions WHERE arn GLOB '*:express:*'").first<{ n: number }>())?.n ?? 0;
async function settle(): Promise<void> {
  if (records !== "off") {
    // until D1 holds every answered run's record, or the count stays still for 100 ms (a sweep past a cap)
    let last = -1;
    let still = 0;
    for (let n = await countRecords(); n < recordedAnswers && still < 10; n = await countRecords()) {
      still = n === last ? still + 1 : 0;
      last = n;
      await new Promise((ok) => setTimeout(ok, 10));
    }
  }
  await new Promise((ok) => setTimeout(ok, 100));
}

// The workerd processes Miniflare runs for us (from /proc: Linux only; elsewhere the CPU columns are NaN).
const workerdPids = (): number[] => {
  try {
    const children = readdirSync(`/proc/${process.pid}/task`).flatMap((t) =>
      readFileSync(`/proc/${process.pid}/task/${t}/children`, "utf8").trim().split(/\s+/),
    );
    return children
      .filter(Boolean)
      .map(Number)
      .filter((pid) => readFileSync(`/proc/${pid}/comm`, "utf8").trim() === "workerd");
  } catch {
    return [];
  }
};
const pids = workerdPids();
/** CPU time of every thread of those processes, in µs (the first field of each thread's schedstat is ns on CPU). */
function workerdCpu(): number {
  if (!pids.length) return NaN;
  let ns = 0;
  for (const pid of pids) {
    for (const t of readdirSync(`/proc/${pid}/task`)) {
      try {
        ns += Number(readFileSync(`/proc/${pid}/task/${t}/schedstat`, "utf8").split(" ")[0]);
      } catch {
        // the thread ended meanwhile
      }
    }
  }
  return ns / 1000;
}

async function measure(
  route: Route,
  n: number,
  concurrency: number,
): Promise<{ requests: number; concurrency: number; wallMs: number; perSecond: number }> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        next++;
        await route.call();
        if (route.name !== "bare") recordedAnswers++;
      }
    }),
  );
  const wallMs = performance.now() - t0;
  return { requests: n, concurrency, wallMs: Math.round(wallMs), perSecond: Math.round((n / wallMs) * 1000 * 10) / 10 };
}

try {
  await setup();
  // Warm up every route (compile cache, JIT, connections) before measuring.
  for (const r of ROUTES) await measure(r, Math.min(50, N), 4);
  if (profileRoute) {
    const route = ALL_ROUTES.find((r) => r.name === profileRoute);
    if (!route) throw new Error(`--profile: no route ${profileRoute} (bare, sync, trigger)`);
    await measure(route, Math.min(2000, N), CONCURRENCY); // its code optimised before the profile starts
    const isolate = await connectIsolate(inspectorPort!, route.name === "bare" ? "bare" : "asl-runtime");
    await isolate.start();
    await measure(route, N, CONCURRENCY);
    const { rows, busySamples } = summarise(await isolate.stop());
    isolate.close();
    console.log(
      `${route.name}: self time by function in its isolate (${busySamples} busy samples, ${N} requests, ${CONCURRENCY} in flight)`,
    );
    console.table(rows);
    if (wrong.length) {
      console.error(`wrong answers:\n  ${wrong.join("\n  ")}`);
      process.exitCode = 1;
    }
  } else {
    type Measured = Awaited<ReturnType<typeof measure>> & { workerdCpuUsPerRequest: number; instructionsPerRequest?: number };
    const counter = valgrind ? new InstructionCounter(persist) : undefined;
    const results: Record<string, Record<string, Measured[]>> = {};
    const per = Math.max(1, Math.round(N / ROUNDS));
    for (const [phase, c] of [
      ["sequential", 1],
      ["concurrent", CONCURRENCY],
    ] as const) {
      const byRoute: Record<string, Measured[]> = Object.fromEntries(ROUTES.map((r) => [r.name, []]));
      for (let round = 0; round < ROUNDS; round++) {
        for (const r of ORDERS[round % ORDERS.length]) {
          await settle();
          const cpu0 = workerdCpu();
          counter?.reset();
          const m = await measure(r, per, c);
          // the runs' CPU (or instructions) in workerd, the records they left to write included
          await settle();
          const cpu = Math.round((workerdCpu() - cpu0) / per);
          byRoute[r.name].push({ ...m, workerdCpuUsPerRequest: cpu, ...(counter ? { instructionsPerRequest: counter.read() / per } : {}) });
        }
      }
      results[phase] = byRoute;
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
    const rows = Object.entries(results).flatMap(([phase, byRoute]) =>
      Object.entries(byRoute).map(([route, rounds]) => {
        const perSecond = median(rounds.map((m) => m.perSecond));
        const ratios = rounds.map((m, i) => m.perSecond / byRoute.bare[i].perSecond).sort((a, b) => a - b);
        const ratio = median(ratios);
        const quartile = (q: number) => ratios[Math.min(ratios.length - 1, Math.floor(q * ratios.length))].toFixed(2);
        const cpu = median(rounds.map((m) => m.workerdCpuUsPerRequest));
        const cpuRatio = median(rounds.map((m, i) => byRoute.bare[i].workerdCpuUsPerRequest / m.workerdCpuUsPerRequest));
        const counted = (m: Measured) => m.instructionsPerRequest ?? NaN;
        const instructions = median(rounds.map(counted));
        const instructionRatio = median(rounds.map((m, i) => counted(byRoute.bare[i]) / counted(m)));
        return {
          phase: `${phase} (${ROUNDS} × ${per} × ${rounds[0].concurrency} at a time)`,
          route,
          "req/s": perSecond,
          "ms/req": Math.round((1000 / perSecond) * rounds[0].concurrency * 100) / 100,
          "route/bare": Math.round(ratio * 100) / 100,
          "quartiles route/bare": `${quartile(0.25)}–${quartile(0.75)}`,
          "min–max": `${ratios[0].toFixed(2)}–${ratios[ratios.length - 1].toFixed(2)}`,
          ...(valgrind
            ? {
                "M instructions/req": Math.round(instructions / 1e4) / 100,
                "instructions bare/route": Math.round(instructionRatio * 100) / 100,
                "all rounds (M)": rounds.map((m) => (counted(m) / 1e6).toFixed(2)).join(" "),
              }
            : { "workerd CPU µs/req": cpu, "CPU bare/route": Math.round(cpuRatio * 100) / 100 }),
        };
      }),
    );
    console.log(
      `Express over HTTP in workerd: ${WORKFLOW} (Pass, Choice, Task over HTTP, Pass, Succeed) vs a bare Hono route doing the same work`,
    );
    // Records are written just after their answers (a 200 ms group window, then one D1 batch): let the last ones land.
    await new Promise((ok) => setTimeout(ok, 500));
    const recorded = await countRecords();
    console.log(`EXPRESS_RECORDS: ${records ?? "(unset: metadata)"}; Express records in D1: ${recorded}`);
    console.table(rows);
    if (valgrind)
      console.log(
        "Under valgrind: throughputs mean nothing, instructions do (workerd's, every thread). Requests run ~50× slower, so a\n" +
          "records group window collects a few records, not the many it does at full speed: compare with --records off.",
      );
    if (jsonFile) {
      const meta = {
        workflow: WORKFLOW,
        n: N,
        rounds: ROUNDS,
        concurrency: CONCURRENCY,
        node: process.version,
        records: records ?? "metadata",
      };
      writeFileSync(jsonFile, JSON.stringify({ ...meta, results, ratios: rows }, null, 2));
      console.log(`wrote ${jsonFile}`);
    }
    if (wrong.length) {
      console.error(`wrong answers:\n  ${wrong.join("\n  ")}`);
      process.exitCode = 1;
    }
  }
} finally {
  await mf.dispose();
  await tasks.close();
  rmSync(persist, { recursive: true, force: true });
}
