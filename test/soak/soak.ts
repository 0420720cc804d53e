/**
 * Soak: `npm run soak -- --executions 1000 --concurrency 64 [--restarts 3] [--express 0.25] [--settle 180]`.
 *
 * The worker (worker/examples/index.ts, bundled as wrangler would, with wrangler.toml's bindings) in workerd
 * through Miniflare's Node API, its Durable Objects and D1 persisted in a temp folder. A Standard machine
 * (an HTTP Task to a task server here, that counts calls by Idempotency-Key; a Wait; a Pass) and an Express
 * one (the same Task, run synchronously) get `--executions` starts, `--concurrency` at a time. Meanwhile the
 * workerd processes are killed with SIGKILL (no shutdown, as a crashed host) `--restarts` times and started
 * again on the same files. Then it waits for every execution to end and prints what happened:
 *
 *   started      executions the API acknowledged (a start cut off by a kill is sent again, same name)
 *   succeeded    Standard: DescribeExecution says SUCCEEDED; Express: the sync answer said so
 *   lost         acknowledged but never ended (must be 0)
 *   duplicated   Standard task calls made again with an Idempotency-Key already served (allowed: at-least-once);
 *                a Standard execution that succeeded with no task call at all counts as lost
 *   mismatches   ListExecutions rows that disagree with DescribeExecution, after settling (must be 0)
 *   peak RSS     of the workerd processes, sampled every 250 ms
 *
 * `--settle` should exceed a minute: a task call cut off by a kill is sent again by its execution's watchdog
 * alarm (worker/execution/step.ts, WATCHDOG_MS), a minute after it was sent.
 *
 * Exit 1 when lost or mismatches is not 0, 2 on bad usage. Express starts are synchronous: an asynchronous
 * Express start waits in a queue, and Miniflare keeps its queues in memory (a kill loses them; Cloudflare's do not).
 */
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { bundleWorker } from "../tools/bundle-worker.ts";
import { Miniflare, convertV4MiniflareOptions } from "miniflare";
import { unstable_getMiniflareWorkerOptions } from "wrangler";
import { writeExamplesConfig } from "../tools/examples-config.mjs";
import { buildConsole } from "../tools/build-console.mjs";
import { migrate } from "../e2e/runtime.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
const TOKEN = "soak-token";

// ---- arguments ---------------------------------------------------------------------------------------

function parseArgs(argv: string[]) {
  const a = { executions: 1000, concurrency: 64, restarts: 3, express: 0.25, settle: 180, wait: 2 };
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i].replace(/^--/, "") as keyof typeof a;
    const value = Number(argv[++i]);
    if (!(key in a) || !Number.isFinite(value) || value < 0) {
      console.error(
        `usage: npm run soak -- [--executions N] [--concurrency C] [--restarts R] [--express FRACTION] [--settle SECONDS] [--wait SECONDS]`,
      );
      process.exit(2);
    }
    a[key] = value;
  }
  return a;
}
const args = parseArgs(process.argv.slice(2));

// ---- the task server: counts calls by Idempotency-Key ----------------------------------------------------

const calls = new Map<string, number>();
const server = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    const key = String(req.headers["idempotency-key"] ?? "");
    calls.set(key, (calls.get(key) ?? 0) + 1);
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ done: true }));
  });
});
await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
const taskUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/work`;

// ---- the runtime: workerd through Miniflare, persisted, killed and restarted ------------------------------

await buildConsole({ quiet: true });
const bundle = await bundleWorker(root, "worker/examples/index.ts");
const dir = mkdtempSync(join(tmpdir(), "asl-soak-"));
const { workerOptions } = unstable_getMiniflareWorkerOptions(writeExamplesConfig(root));
const {
  modulesRules: _rules,
  rootPath: _root,
  ...options
} = workerOptions as typeof workerOptions & { modulesRules?: unknown; rootPath?: unknown };
const baseBindings = options.bindings as Record<string, unknown>;

let mf: Miniflare | undefined;
let endpoint = "";
/** Resolves when the runtime is up; replaced while it is down. */
let up: Promise<void> = Promise.resolve();

async function start(first: boolean): Promise<void> {
  mf = new Miniflare(
    convertV4MiniflareOptions({
      resourcePersistencePath: dir,
      host: "127.0.0.1",
      port: 0,
      workers: [
        {
          ...options,
          name: "asl-runtime",
          modules: [{ type: "ESModule", path: "index.js", contents: bundle }],
          bindings: {
            ...baseBindings,
            API_TOKEN: TOKEN,
            AWS_ACCESS_KEYS: { test: "test" },
            LAMBDA_FUNCTIONS: { ...(baseBindings.LAMBDA_FUNCTIONS as object), "soak-work": taskUrl },
          },
        },
      ],
    } as Parameters<typeof convertV4MiniflareOptions>[0]),
  );
  const url = await mf.ready;
  if (first) await migrate(mf, join(root, "migrations"));
  endpoint = `http://127.0.0.1:${url.port}`;
}

/** The workerd processes Miniflare started (children of this process), from /proc. */
function workerdPids(): number[] {
  const out: number[] = [];
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      if (Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]) === process.pid && readlinkSync(`/proc/${pid}/exe`).includes("workerd"))
        out.push(Number(pid));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

let peakRssKiB = 0;
const sampler = setInterval(() => {
  let kib = 0;
  for (const pid of workerdPids()) {
    try {
      kib += Number(/^VmRSS:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
    } catch {
      // gone meanwhile
    }
  }
  peakRssKiB = Math.max(peakRssKiB, kib);
}, 250);

let kills = 0;
/** SIGKILL every workerd process (no shutdown), then start again on the same files. */
async function killAndRestart(): Promise<void> {
  let release!: () => void;
  up = new Promise((r) => (release = r));
  const pids = workerdPids();
  for (const pid of pids) process.kill(pid, "SIGKILL");
  kills++;
  const old = mf;
  mf = undefined;
  await old?.dispose().catch(() => undefined);
  await start(false);
  console.log(`  killed workerd (pid ${pids.join(", ")}) and restarted it (${kills}/${args.restarts})`);
  release();
}

// ---- the API, retried across restarts ------------------------------------------------------------------------

/** A request to the REST API; a connection cut by a kill, or a 5xx, waits for the runtime and is sent again. */
async function api(method: string, path: string, body?: unknown, resent?: () => void): Promise<{ status: number; body: any }> {
  for (let attempt = 0; ; attempt++) {
    if (attempt > 0) resent?.();
    await up;
    try {
      const res = await fetch(endpoint + path, {
        method,
        headers: { Authorization: `Bearer ${TOKEN}`, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      if (res.status < 500) return { status: res.status, body: text ? JSON.parse(text) : undefined };
      if (attempt >= 20) return { status: res.status, body: text };
    } catch (e) {
      if (attempt >= 20) throw e;
    }
    await new Promise((r) => setTimeout(r, 200 + 100 * attempt));
  }
}

// ---- the run ---------------------------------------------------------------------------------------------

const task = { Type: "Task", Resource: "arn:aws:lambda:us-east-1:123456789012:function:soak-work" };
const STANDARD = {
  StartAt: "Work",
  States: { Work: { ...task, Next: "Nap" }, Nap: { Type: "Wait", Seconds: args.wait, Next: "Done" }, Done: { Type: "Pass", End: true } },
};
const EXPRESS = { StartAt: "Work", States: { Work: { ...task, Next: "Done" }, Done: { Type: "Pass", End: true } } };

console.log(
  `soak: ${args.executions} executions (${Math.round(args.express * 100)}% Express), ${args.concurrency} at a time, ${args.restarts} kills; data in ${dir}`,
);
const t0 = Date.now();
await start(true);
for (const [name, definition, type] of [
  ["soak-standard", STANDARD, "STANDARD"],
  ["soak-express", EXPRESS, "EXPRESS"],
] as const) {
  const r = await api("POST", "/state-machines", { name, definition, type });
  if (r.status !== 201) throw new Error(`creating ${name}: ${r.status} ${JSON.stringify(r.body)}`);
}

const standard: string[] = []; // ARNs the API acknowledged
let expressStarted = 0;
let expressSucceeded = 0;
let expressLost = 0;
/** Sync Express starts sent again after a kill cut them off (each a new execution, as a retrying client makes). */
let expressResent = 0;
let startErrors = 0;
const killAt = Array.from({ length: args.restarts }, (_, k) => Math.floor(((k + 1) * args.executions) / (args.restarts + 1)));
let next = 0;
let done = 0;

async function runOne(i: number): Promise<void> {
  const express = (i * 7919) % 100 < args.express * 100;
  const name = `soak-${i}`;
  if (express) {
    let resent = false;
    try {
      const r = await api("POST", "/state-machines/soak-express/sync-executions", { name, input: { i } }, () => (resent = true));
      expressStarted++;
      if (r.status === 200 && r.body?.status === "SUCCEEDED") expressSucceeded++;
      else expressLost++;
    } catch {
      expressLost++;
    }
    if (resent) expressResent++;
    return;
  }
  const r = await api("POST", "/state-machines/soak-standard/executions", { name, input: { i } });
  if (r.status === 201) standard.push(r.body.executionArn);
  else if (r.body?.error === "ExecutionAlreadyExists") {
    // the first attempt got through before the kill cut its answer off, and the execution has ended since (409)
    const d = await api("GET", `/state-machines/soak-standard/executions/${name}`);
    if (d.status === 200) standard.push(d.body.executionArn);
    else startErrors++;
  } else {
    startErrors++;
    console.log(`  start ${name}: ${r.status} ${JSON.stringify(r.body)}`);
  }
}

async function worker(): Promise<void> {
  while (next < args.executions) {
    const i = next++;
    await runOne(i);
    done++;
    if (killAt.length && done >= killAt[0]) {
      killAt.shift();
      await killAndRestart();
    }
  }
}
await Promise.all(Array.from({ length: Math.max(1, args.concurrency) }, worker));
const startedIn = (Date.now() - t0) / 1000;
console.log(`  ${standard.length + expressStarted} started in ${startedIn.toFixed(1)} s; settling (at most ${args.settle} s)`);

// ---- settling: every Standard execution ends; the listing agrees -------------------------------------------

const statusOf = new Map<string, string>();
const settleEnd = Date.now() + args.settle * 1000;
let pending = [...standard];
while (pending.length && Date.now() < settleEnd) {
  const still: string[] = [];
  for (let k = 0; k < pending.length; k += args.concurrency) {
    await Promise.all(
      pending.slice(k, k + args.concurrency).map(async (arn) => {
        const d = await api("GET", `/executions/${encodeURIComponent(arn)}`);
        const status = d.status === 200 ? d.body.status : `HTTP ${d.status}`;
        statusOf.set(arn, status);
        if (status === "RUNNING") still.push(arn);
      }),
    );
  }
  pending = still;
  if (pending.length) await new Promise((r) => setTimeout(r, 1000));
}

async function listing(): Promise<Map<string, string>> {
  const rows = new Map<string, string>();
  let token: string | undefined;
  do {
    const r = await api(
      "GET",
      `/state-machines/soak-standard/executions?maxResults=1000${token ? `&nextToken=${encodeURIComponent(token)}` : ""}`,
    );
    if (r.status !== 200) throw new Error(`listing: ${r.status} ${JSON.stringify(r.body)}`);
    for (const e of r.body.executions) rows.set(e.executionArn, e.status);
    token = r.body.nextToken;
  } while (token);
  return rows;
}
/** Rows missing, or whose status is not the execution's own (D1 is brought up to date after the fact: wait a little). */
let mismatches: string[] = [];
for (let round = 0; round < 15; round++) {
  const rows = await listing();
  const differ = standard.filter((arn) => rows.get(arn) !== statusOf.get(arn));
  // the execution may have moved on since it was described: describe it again
  for (const arn of differ) {
    const d = await api("GET", `/executions/${encodeURIComponent(arn)}`);
    statusOf.set(arn, d.status === 200 ? d.body.status : `HTTP ${d.status}`);
  }
  mismatches = differ
    .filter((arn) => rows.get(arn) !== statusOf.get(arn))
    .map((arn) => `${arn}: listed ${rows.get(arn) ?? "missing"}, is ${statusOf.get(arn)}`);
  if (!mismatches.length) break;
  await new Promise((r) => setTimeout(r, 2000));
}

// lost: acknowledged, and still not ended after the settling time (the listing rounds included)
const standardSucceeded = standard.filter((arn) => statusOf.get(arn) === "SUCCEEDED").length;
const notEnded = standard.filter((arn) => !/^(SUCCEEDED|FAILED|TIMED_OUT|ABORTED)$/.test(statusOf.get(arn) ?? ""));
const otherEnds = standard.filter((arn) => /^(FAILED|TIMED_OUT|ABORTED)$/.test(statusOf.get(arn) ?? ""));

// ---- the report --------------------------------------------------------------------------------------------

// Keys are `<execution ARN>#<state entry>#<attempt>` (worker/execution/step.ts): the same for every delivery of one attempt.
const standardKeys = [...calls].filter(([key]) => key.includes(":execution:soak-standard:"));
const duplicated = standardKeys.reduce((n, [, c]) => n + c - 1, 0);
const called = new Set(standardKeys.map(([key]) => key.slice(0, key.indexOf("#"))));
const uncalled = standard.filter((arn) => statusOf.get(arn) === "SUCCEEDED" && !called.has(arn));
const lost = notEnded.length + expressLost + startErrors + uncalled.length;
const report = {
  executions: args.executions,
  concurrency: args.concurrency,
  kills,
  started: standard.length + expressStarted,
  startedStandard: standard.length,
  startedExpress: expressStarted,
  succeeded: standardSucceeded + expressSucceeded,
  failedOrOther: otherEnds.length,
  lost,
  taskCalls: [...calls.values()].reduce((n, c) => n + c, 0),
  duplicatedTaskCalls: duplicated,
  expressResent: expressResent,
  succeededWithoutTaskCall: uncalled.length,
  listingMismatches: mismatches.length,
  peakRssMiB: Math.round(peakRssKiB / 1024),
  seconds: Math.round((Date.now() - t0) / 1000),
};
console.log();
for (const [k, v] of Object.entries(report)) console.log(`  ${k.padEnd(22)} ${v}`);
for (const arn of notEnded.slice(0, 10)) console.log(`  not ended: ${arn} (${statusOf.get(arn)})`);
for (const arn of otherEnds.slice(0, 10)) console.log(`  ended ${statusOf.get(arn)}: ${arn}`);
for (const m of mismatches.slice(0, 10)) console.log(`  mismatch: ${m}`);
console.log(`\n${JSON.stringify(report)}`);

clearInterval(sampler);
await mf?.dispose().catch(() => undefined);
server.close();
rmSync(dir, { recursive: true, force: true });
process.exit(lost > 0 || mismatches.length > 0 ? 1 : 0);
