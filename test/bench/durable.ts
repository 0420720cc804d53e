/**
 * Durable runtime benchmark: the `small-express` workflow of ../shared/bench run as STANDARD
 * executions through the REST API and the ExecutionObject, in workerd (Miniflare's Node API), driven
 * by a plain HTTP client from this process; its Task `Compute` is served over HTTP from here too.
 *
 *   npm run bench:durable [-- --n 200] [--concurrency 16] [--poll 2] [--json FILE] [--dir DIR]
 *
 * Per execution it reports the object's own counts (stats() over RPC from Node: no debug route),
 * D1 rows, requests, wall time and workerd CPU, then prices a million executions. Exit 1 when an
 * execution ends wrong; never on speed.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { isDeepStrictEqual } from "node:util";
import { costPerMillion, PRICES, type PerExecution } from "./durable-cost.ts";
import { d1ReadsPerExecution, type Stats } from "./durable-measure.ts";
import { startRuntime, startTaskServer, workerdCpuMs } from "./durable-runtime.ts";

const root = resolve(import.meta.dirname, "../..");
const args = process.argv.slice(2);
const opt = (name: string, dflt: string): string => {
  const i = args.indexOf(name);
  return i < 0 ? dflt : (args[i + 1] ?? dflt);
};
const N = Number(opt("--n", "200"));
const CONCURRENCY = Number(opt("--concurrency", "16"));
const POLL_MS = Number(opt("--poll", "2"));
const jsonFile = args.includes("--json") ? opt("--json", "durable-bench.json") : undefined;
const dir = resolve(opt("--dir", join(root, "../shared/bench")));
const WORKFLOW = "small-express";

const definition = JSON.parse(readFileSync(join(dir, "workflows", `${WORKFLOW}.json`), "utf8"));
const kase = JSON.parse(readFileSync(join(dir, "cases", `${WORKFLOW}.json`), "utf8")) as { input: unknown; expected: unknown; transitions: number };

// ---------- the runtime and its task worker ----------
const TOKEN = "bench-token";
const tasks = await startTaskServer({ Compute: ({ qty, price }: { qty: number; price: number }) => ({ total: qty * price }) });
const rt = await startRuntime(root, { Compute: `${tasks.base}/Compute` }, TOKEN);
const ns = await rt.mf.getDurableObjectNamespace("EXECUTIONS");
const statsOf = async (arn: string) => (await (ns.get(ns.idFromName(arn)) as unknown as { stats(): Promise<Stats> }).stats()) as Stats;

async function api(method: string, path: string, body?: unknown): Promise<any> {
  const r = await fetch(new URL(path, rt.url), {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const out = await r.json();
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(out)}`);
  return out;
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Run {
  arn: string;
  ms: number;
  polls: number;
  objectMs: number;
}

let seq = 0;
/** Start one execution, then DescribeExecution until it has ended. */
async function runOne(): Promise<Run> {
  const t0 = performance.now();
  const { executionArn: arn } = await api("POST", `/state-machines/${WORKFLOW}/executions`, { name: `run-${++seq}`, input: kase.input });
  for (let polls = 1; ; polls++) {
    const d = await api("GET", `/executions/${encodeURIComponent(arn)}`);
    if (d.status !== "RUNNING") {
      const ms = performance.now() - t0;
      if (d.status !== "SUCCEEDED" || !isDeepStrictEqual(JSON.parse(d.output), kase.expected)) {
        throw new Error(`${arn} ended ${d.status}: ${d.output ?? `${d.error}: ${d.cause}`}; expected ${JSON.stringify(kase.expected)}`);
      }
      return { arn, ms, polls, objectMs: Date.parse(d.stopDate) - Date.parse(d.startDate) };
    }
    // Stop by itself: an execution this small that is not done in 30 s never will be.
    if (performance.now() - t0 > 30_000) throw new Error(`${arn} still RUNNING after 30 s`);
    await sleep(POLL_MS);
  }
}

interface Phase {
  name: string;
  executions: number;
  concurrency: number;
  wallMs: number;
  cpuMs: number | null;
  runs: Run[];
  stats: Stats[];
}

async function phase(name: string, n: number, concurrency: number): Promise<Phase> {
  const cpu0 = workerdCpuMs();
  const t0 = performance.now();
  const runs: Run[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        next++;
        runs.push(await runOne());
      }
    }),
  );
  const wallMs = performance.now() - t0;
  const cpu1 = workerdCpuMs();
  // Read after the phase, when every listing write has landed (stats() does not count itself).
  const stats = await Promise.all(runs.map((r) => statsOf(r.arn)));
  return { name, executions: n, concurrency, wallMs, cpuMs: cpu0 === null || cpu1 === null ? null : cpu1 - cpu0, runs, stats };
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

const NOTES = [
  "Notes:",
  "- DO rows written/read: the object's own count from stats(): the sum of workerd's cursor.rowsWritten/rowsRead over every",
  "  statement it ran (what Cloudflare bills), its tables' creation included, + 1 written per alarm set or deleted and per",
  "  key put with the key-value API, + 1 read per key read (both billed so: Cloudflare's pricing page).",
  "- DO requests: start + alarms + describes; priced with one describe (this client polls; see 'Worker requests' above).",
  "  Alarms include one left set at the end, still to fire (it finds nothing due and writes nothing).",
  "- Worker requests: HTTP requests this client sent; Compute is an HTTP subrequest from the object, not a Worker request.",
  "- Duration: the measured client-side start-to-ended time (an upper bound on the object's busy time) × 128 MB.",
  "- CPU: all workerd CPU (Worker, objects, D1, HTTP) over the phase, per execution: an upper bound on billed Worker CPU.",
  "- D1 rows read: the start's state-machine lookup and the listing upserts made, replayed on the same D1 (meta.rows_read).",
].join("\n");

try {
  await api("POST", "/state-machines", { name: WORKFLOW, type: "STANDARD", definition });
  await phase("warm-up", 10, 1);
  const phases = [await phase("sequential", N, 1), await phase(`concurrent`, N, CONCURRENCY)];
  // The listing writes the sequential phase's executions made, RUNNING first (d1ByLabel: listing.<status>).
  const statuses = Object.keys(phases[0].stats[0]?.d1ByLabel ?? {}).map((l) => l.replace("listing.", "")).sort((a, b) => (a === "RUNNING" ? -1 : b === "RUNNING" ? 1 : 0));
  const d1Reads = await d1ReadsPerExecution(rt.mf, WORKFLOW, statuses);
  report(phases, d1Reads);
} finally {
  await rt.dispose();
  await tasks.close();
}

function report(phases: Phase[], d1Reads: { start: number; listing: number }): void {
  const rows: Record<string, string>[] = [];
  const figures: Record<string, unknown>[] = [];
  for (const p of phases) {
    const avg = (f: (s: Stats) => number) => mean(p.stats.map(f));
    const polls = mean(p.runs.map((r) => r.polls));
    const transitions = avg((s) => s.transitions);
    const f = {
      phase: p.name,
      executions: p.executions,
      concurrency: p.concurrency,
      wallSeconds: p.wallMs / 1000,
      executionsPerSecond: p.executions / (p.wallMs / 1000),
      transitionsPerSecond: (p.executions * transitions) / (p.wallMs / 1000),
      latencyMsMean: mean(p.runs.map((r) => r.ms)),
      objectStartToStopMsMean: mean(p.runs.map((r) => r.objectMs)),
      transitions,
      doRowsWritten: avg((s) => s.rowsWritten),
      doRowsRead: avg((s) => s.rowsRead),
      doCommits: avg((s) => s.commits),
      d1RowsWritten: avg((s) => s.d1Writes),
      d1RowsRead: d1Reads.start + d1Reads.listing,
      doRequests: avg((s) => s.requests),
      doAlarms: avg((s) => s.alarms),
      // An alarm still set when the execution has ended fires later (finding nothing due): one request more.
      doAlarmsLeft: avg((s) => (s.alarmAt === null ? 0 : 1)),
      dispatches: avg((s) => s.dispatches),
      describePolls: polls,
      workerRequests: 1 + polls,
      workerdCpuMsPerExecution: p.cpuMs === null ? null : p.cpuMs / p.executions,
    };
    figures.push(f);
    rows.push({
      phase: `${p.name} (${p.executions} × ${p.concurrency} at a time)`,
      "exec/s": f.executionsPerSecond.toFixed(1),
      "transitions/s": f.transitionsPerSecond.toFixed(0),
      "latency ms": f.latencyMsMean.toFixed(1),
      "DO rows written": f.doRowsWritten.toFixed(2),
      "D1 rows written": f.d1RowsWritten.toFixed(2),
      "DO requests": `${(f.doRequests + f.doAlarmsLeft).toFixed(2)} (${(f.doAlarms + f.doAlarmsLeft).toFixed(2)} alarms)`,
      "Worker requests": f.workerRequests.toFixed(2),
      "workerd CPU ms": f.workerdCpuMsPerExecution === null ? "n/a" : f.workerdCpuMsPerExecution.toFixed(2),
    });
  }
  console.log(`\n${WORKFLOW} (${kase.transitions} transitions) as STANDARD executions through the Durable Object, per execution:`);
  console.table(rows);

  // Priced on the sequential phase, for a client that starts and then describes once: polling is this
  // benchmark's doing (each poll is one Worker request and one object request), not the runtime's.
  const s = figures[0] as any;
  const use: PerExecution = {
    workerRequests: 2,
    cpuMs: s.workerdCpuMsPerExecution,
    doRequests: s.doRequests - s.describePolls + 1 + s.doAlarmsLeft,
    doSeconds: s.latencyMsMean / 1000,
    doRowsWritten: s.doRowsWritten,
    doRowsRead: s.doRowsRead,
    d1RowsWritten: s.d1RowsWritten,
    d1RowsRead: s.d1RowsRead,
    transitions: kase.transitions,
  };
  const cost = costPerMillion(use);
  // Where the DO rows went, on the sequential phase: which statement (or alarm write) wrote how many.
  const seq = phases[0];
  const byLabel = (pick: (s: Stats) => Record<string, number> | undefined) => {
    const labels = [...new Set(seq.stats.flatMap((s) => Object.keys(pick(s) ?? {})))].sort();
    return Object.fromEntries(labels.map((label) => [label, mean(seq.stats.map((s) => pick(s)?.[label] ?? 0))]));
  };
  const doRows = byLabel((s) => s.rowsByLabel);
  const d1Rows = byLabel((s) => s.d1ByLabel);
  Object.assign(figures[0], { doRowsByLabel: doRows, d1RowsByLabel: d1Rows });
  console.log("Rows written per execution, by what wrote them (sequential phase):");
  console.table([
    ...Object.entries(doRows).map(([label, n]) => ({ store: "DO SQLite", "written by": label, rows: n.toFixed(2) })),
    ...Object.entries(d1Rows).map(([label, n]) => ({ store: "D1", "written by": label, rows: n.toFixed(2) })),
  ]);

  console.log("Cost per million executions at list prices (Cloudflare pricing pages; AWS Step Functions pricing page):");
  console.table(cost.map((l) => ({ item: l.item, "per execution": l.perExecution, "$ per million": l.dollarsPerMillion === null ? "n/a" : l.dollarsPerMillion.toFixed(2) })));
  console.log(NOTES);
  if (jsonFile) {
    writeFileSync(jsonFile, JSON.stringify({ workflow: WORKFLOW, phases: figures, pricedOn: use, cost, prices: PRICES, notes: NOTES }, null, 2) + "\n");
    console.log(`figures written to ${jsonFile}`);
  }
}

