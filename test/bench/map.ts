/**
 * Distributed Map benchmark (issue 11): a DISTRIBUTED Map over N items (default 10,000) read from a JSONL
 * object in R2, once with STANDARD children and once with EXPRESS children, each child a Pass state, the
 * results written to R2 by ResultWriter. In workerd through Miniflare's Node API (alarms fire on their
 * own, in real time), driven over HTTP from this process.
 *
 *   npm run bench:map [-- --items 10000] [--standard-items N] [--only STANDARD|EXPRESS] [--timeout 1800] [--json FILE]
 *
 * Each STANDARD child is a Durable Object, and a local workerd keeps each one loaded, with 3 files open (its
 * SQLite database, -wal, -shm), while the Map Run keeps it busy starting children: past (open-file limit -
 * 500) / 3 children it fails with SQLITE_CANTOPEN (about 6,500 under a limit of 20,000). So STANDARD's
 * default is --items capped by this process's limit (`ulimit -n`, which workerd inherits), said on stderr;
 * where the hard limit allows, `ulimit -n 40000` before npm run bench:map runs 10,000. On Cloudflare each
 * object lives on its own; no such limit.
 *
 * While a run is busy, workerd answers no HTTP request or RPC from here (even /health waits until the
 * Map Run is done): memory is sampled from /proc on a timer, and progress is elapsed time, memory and files.
 *
 * Per run, each in a workerd of its own: wall time and items/s; rows written per item (the parent's, the
 * Map Run object's and, for STANDARD, every child's Durable Object rows, plus D1 rows); workerd's peak
 * resident memory above its level before the run (an upper bound on the Map Run object's own memory:
 * everything in workerd is counted); and correctness: every item in ResultWriter's SUCCEEDED files exactly once
 * (STANDARD) or at least once (EXPRESS) with its output, and for STANDARD DescribeMapRun's counts and
 * ListExecutions(mapRunArn) complete. Exit 1 when an answer is wrong; never on speed.
 */
import { readdirSync, readFileSync, readlinkSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { startRuntime, workerdCpuMs, workerdRssKiB, type Runtime } from "./durable-runtime.ts";

const root = resolve(import.meta.dirname, "../..");
const args = process.argv.slice(2);
const opt = (name: string, dflt: string): string => {
  const i = args.indexOf(name);
  return i < 0 ? dflt : (args[i + 1] ?? dflt);
};
const N_EXPRESS = Number(opt("--items", "10000"));
/** Open files this process (and so workerd) may hold: the soft limit of /proc/self/limits; Infinity off Linux. */
function openFileLimit(): number {
  try {
    const m = /^Max open files\s+(\d+|unlimited)/m.exec(readFileSync("/proc/self/limits", "utf8"));
    return m && m[1] !== "unlimited" ? Number(m[1]) : Infinity;
  } catch {
    return Infinity;
  }
}
const STANDARD_CAP = Math.floor((openFileLimit() - 500) / 3);
const N_STANDARD = Number(opt("--standard-items", String(Math.min(N_EXPRESS, STANDARD_CAP))));
if (!args.includes("--standard-items") && N_STANDARD < N_EXPRESS)
  process.stderr.write(`STANDARD over ${N_STANDARD} items, not ${N_EXPRESS}: the open-file limit is ${openFileLimit()} (see the header)\n`);

/** Files open in the workerd processes this process started (for progress: STANDARD children hold 3 each). */
function workerdOpenFiles(): number {
  let n = 0;
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      if (Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]) !== process.pid || !readlinkSync(`/proc/${pid}/exe`).includes("workerd")) continue;
      n += readdirSync(`/proc/${pid}/fd`).length;
    } catch {
      // gone meanwhile, or off Linux
    }
  }
  return n;
}
const only = args.includes("--only") ? opt("--only", "") : undefined;
const jsonFile = args.includes("--json") ? opt("--json", "map-bench.json") : undefined;
const TIMEOUT_S = Number(opt("--timeout", "1800"));
const TOKEN = "bench-token";

// A workerd of its own for each run: memory and CPU measured from a clean start (and the objects of one run
// do not weigh on the next).
type Namespace = Awaited<ReturnType<Runtime["mf"]["getDurableObjectNamespace"]>>;
let rt: Runtime | undefined;
let bucket: Awaited<ReturnType<Runtime["mf"]["getR2Bucket"]>>;
let executions: Namespace;
let mapRuns: Namespace;
async function open(): Promise<void> {
  rt = await startRuntime(root, {}, TOKEN, true);
  bucket = await rt.mf.getR2Bucket("FILES");
  executions = await rt.mf.getDurableObjectNamespace("EXECUTIONS");
  mapRuns = await rt.mf.getDurableObjectNamespace("MAP_RUNS");
}
type Rows = { rowsWritten: number; d1Writes?: number };
/** An object's stats() over RPC, its stub and result disposed. */
async function statsOf(ns: typeof executions, name: string): Promise<Rows> {
  const stub: any = ns.get(ns.idFromName(name));
  try {
    const r = await stub.stats();
    const rows = { rowsWritten: r.rowsWritten, d1Writes: r.d1Writes };
    r[Symbol.dispose]?.();
    return rows;
  } finally {
    stub[Symbol.dispose]?.();
  }
}
const executionStats = (arn: string) => statsOf(executions, arn);
const mapRunStats = (arn: string) => statsOf(mapRuns, arn);

async function api(method: string, path: string, body?: unknown): Promise<any> {
  const r = await fetch(new URL(path, rt!.url), {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const out = await r.json();
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(out)}`);
  return out;
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const enc = encodeURIComponent;

function definition(type: "STANDARD" | "EXPRESS", key: string) {
  return {
    StartAt: "Each",
    States: {
      Each: {
        Type: "Map",
        Label: "Bench",
        ItemReader: {
          Resource: "arn:aws:states:::s3:getObject",
          ReaderConfig: { InputType: "JSONL" },
          Parameters: { Bucket: "files", Key: key },
        },
        ItemProcessor: {
          ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: type },
          StartAt: "Work",
          States: { Work: { Type: "Pass", Parameters: { "id.$": "$.id", "twice.$": "States.MathAdd($.id, $.id)" }, End: true } },
        },
        ResultWriter: { Resource: "arn:aws:states:::s3:putObject", Parameters: { Bucket: "files", Prefix: `out-${type}` } },
        End: true,
      },
    },
  };
}

interface Figures {
  type: string;
  items: number;
  wallSeconds: number;
  itemsPerSecond: number;
  doRowsWrittenPerItem: number;
  d1RowsWrittenPerItem: number;
  workerdCpuMsPerItem: number | null;
  peakRssAboveBaselineMiB: number | null;
  duplicates: number;
  mapRunArn: string;
}

/** Every result file's child records, read back from R2: id -> how many times it ran. */
async function resultsOf(manifestKey: string): Promise<{ seen: Map<number, number>; wrong: number; failedFiles: number }> {
  const manifest = JSON.parse(await (await bucket.get(manifestKey))!.text());
  const seen = new Map<number, number>();
  let wrong = 0;
  for (const f of manifest.ResultFiles.SUCCEEDED ?? []) {
    for (const rec of JSON.parse(await (await bucket.get(f.Key))!.text())) {
      const out = JSON.parse(rec.Output);
      if (rec.Status !== "SUCCEEDED" || out.twice !== 2 * out.id || JSON.parse(rec.Input).id !== out.id) wrong++;
      seen.set(out.id, (seen.get(out.id) ?? 0) + 1);
    }
  }
  return { seen, wrong, failedFiles: (manifest.ResultFiles.FAILED ?? []).length + (manifest.ResultFiles.PENDING ?? []).length };
}

async function run(type: "STANDARD" | "EXPRESS"): Promise<Figures> {
  const N = type === "STANDARD" ? N_STANDARD : N_EXPRESS;
  const key = `bench/items-${N}.jsonl`;
  if (!(await bucket.head(key))) await bucket.put(key, Array.from({ length: N }, (_, i) => JSON.stringify({ id: i })).join("\n"));
  const name = `bench-map-${type.toLowerCase()}`;
  await api("POST", "/state-machines", { name, definition: definition(type, key) });
  const rss0 = workerdRssKiB();
  const cpu0 = workerdCpuMs();
  let peak = rss0 ?? 0;
  const t0 = performance.now();
  // workerd answers nothing while the run keeps it busy (the poll below waits until the end): sample here.
  let ticks = 0;
  const sampler = setInterval(() => {
    const rss = workerdRssKiB() ?? 0;
    peak = Math.max(peak, rss);
    if (++ticks % 25 === 0)
      process.stderr.write(
        `${type}: ${((performance.now() - t0) / 1000).toFixed(0)} s, workerd ${(rss / 1024).toFixed(0)} MiB, ` +
          `${workerdOpenFiles()} files open\n`,
      );
  }, 200);
  let d: any;
  try {
    const { executionArn } = await api("POST", `/state-machines/${name}/executions`, { name: "run-1", input: {} });
    for (const deadline = t0 + TIMEOUT_S * 1000; ;) {
      d = await api("GET", `/executions/${enc(executionArn)}`);
      if (d.status !== "RUNNING") break;
      if (performance.now() > deadline) throw new Error(`${type}: still RUNNING after ${TIMEOUT_S} s`);
      await sleep(250);
    }
  } finally {
    clearInterval(sampler);
  }
  const wallMs = performance.now() - t0;
  const cpu1 = workerdCpuMs();
  peak = Math.max(peak, workerdRssKiB() ?? 0);
  const arn: string = d.executionArn;
  if (d.status !== "SUCCEEDED") throw new Error(`${type}: the parent ended ${d.status}: ${d.error}: ${d.cause}`);
  const out = JSON.parse(d.output);
  const mapRunArn: string = out.MapRunArn;
  // The Map Run object counts rows since it was loaded: read before it may be evicted (the checks below take a while).
  const own = await mapRunStats(mapRunArn);

  // Correctness: the results in R2, the Map Run's counts, the children listed.
  const { seen, wrong, failedFiles } = await resultsOf(out.ResultWriterDetails.Key);
  const missing = Array.from({ length: N }, (_, i) => i).filter((i) => !seen.has(i));
  const duplicates = [...seen.values()].reduce((a, n) => a + n - 1, 0);
  const problems: string[] = [];
  if (missing.length) problems.push(`${missing.length} items missing from the results (first: ${missing.slice(0, 5).join(", ")})`);
  if (wrong) problems.push(`${wrong} results with a wrong output`);
  if (failedFiles) problems.push(`${failedFiles} FAILED/PENDING result files`);
  if (type === "STANDARD" && duplicates) problems.push(`${duplicates} items ran more than once`);
  const mr = await api("GET", `/map-runs/${enc(mapRunArn)}`);
  let childRows = 0;
  let d1Rows = 0;
  if (type === "STANDARD") {
    if (mr.executionCounts.succeeded !== N || mr.executionCounts.total !== N)
      problems.push(`DescribeMapRun counts ${JSON.stringify(mr.executionCounts)}`);
    const children: string[] = [];
    for (let token: string | undefined; ;) {
      const page = await api("GET", `/executions?mapRun=${enc(mapRunArn)}&maxResults=1000${token ? `&nextToken=${enc(token)}` : ""}`);
      children.push(...page.executions.map((e: any) => e.executionArn));
      if (!(token = page.nextToken)) break;
    }
    if (new Set(children).size !== N) problems.push(`ListExecutions(mapRunArn) lists ${new Set(children).size} children`);
    for (let i = 0; i < children.length; i += 100) {
      for (const s of await Promise.all(children.slice(i, i + 100).map(executionStats))) {
        childRows += s.rowsWritten;
        d1Rows += s.d1Writes ?? 0;
      }
    }
  }
  if (problems.length) throw new Error(`${type}: ${problems.join("; ")}`);
  const parent = await executionStats(arn);
  // The Map Run's own D1 row (ListMapRuns) is written twice: at its start and at its end.
  d1Rows += (parent.d1Writes ?? 0) + 2;
  return {
    type,
    items: N,
    wallSeconds: wallMs / 1000,
    itemsPerSecond: N / (wallMs / 1000),
    doRowsWrittenPerItem: (parent.rowsWritten + own.rowsWritten + childRows) / N,
    d1RowsWrittenPerItem: d1Rows / N,
    workerdCpuMsPerItem: cpu0 === null || cpu1 === null ? null : (cpu1 - cpu0) / N,
    peakRssAboveBaselineMiB: rss0 === null ? null : (peak - rss0) / 1024,
    duplicates,
    mapRunArn,
  };
}

try {
  const figures: Figures[] = [];
  for (const type of ["STANDARD", "EXPRESS"] as const) {
    if (only && only !== type) continue;
    await open();
    figures.push(await run(type));
    await rt!.dispose();
    rt = undefined;
  }
  console.log(`\nDistributed Map over JSONL items from R2, ResultWriter to R2, MaxConcurrency 0 (the runtime's cap):`);
  console.table(
    figures.map((f) => ({
      children: f.type,
      items: f.items,
      "wall s": f.wallSeconds.toFixed(1),
      "items/s": f.itemsPerSecond.toFixed(0),
      "DO rows written/item": f.doRowsWrittenPerItem.toFixed(2),
      "D1 rows written/item": f.d1RowsWrittenPerItem.toFixed(3),
      "workerd CPU ms/item": f.workerdCpuMsPerItem === null ? "n/a" : f.workerdCpuMsPerItem.toFixed(2),
      "peak RSS above start (MiB)": f.peakRssAboveBaselineMiB === null ? "n/a" : f.peakRssAboveBaselineMiB.toFixed(0),
      "ran twice": f.duplicates,
    })),
  );
  console.log(
    "Every item's result is in ResultWriter's SUCCEEDED files (STANDARD: exactly once, DescribeMapRun and ListExecutions complete).\n" +
      "Peak RSS is all of workerd (objects, D1, R2; STANDARD children stay loaded while the Map Run starts them),\n" +
      "so an upper bound on the Map Run object's memory.",
  );
  if (jsonFile) writeFileSync(jsonFile, JSON.stringify({ figures }, null, 2) + "\n");
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
} finally {
  await rt?.dispose();
}
