/**
 * Distributed Map benchmark (issue 11): a DISTRIBUTED Map over N items (default 10,000; STANDARD 5,000, below) read from a JSONL
 * object in R2, once with STANDARD children and once with EXPRESS children, each child a Pass state, the
 * results written to R2 by ResultWriter. In workerd through Miniflare's Node API (alarms fire on their
 * own, in real time), driven over HTTP from this process.
 *
 *   npm run bench:map [-- --items 10000] [--standard-items 5000] [--only STANDARD|EXPRESS] [--json FILE]
 *
 * STANDARD runs over 5,000 items by default: each STANDARD child is a Durable Object, and a local workerd
 * keeps every object's SQLite files open; past about 7,600 objects it meets these machines' limit of
 * 20,000 open files (SQLITE_CANTOPEN). On Cloudflare each object lives on its own; there is no such limit.
 *
 * Per run: wall time and items/s; rows written per item (the parent's, the Map Run object's and, for
 * STANDARD, every child's Durable Object rows, plus D1 rows); the workerd processes' peak resident memory
 * above their level before the run (an upper bound on the Map Run object's own memory: everything in
 * workerd is counted); and correctness: every item in ResultWriter's SUCCEEDED files exactly once
 * (STANDARD) or at least once (EXPRESS) with its output, and for STANDARD DescribeMapRun's counts and
 * ListExecutions(mapRunArn) complete. Exit 1 when an answer is wrong; never on speed.
 */
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { startRuntime, workerdCpuMs, workerdRssKiB } from "./durable-runtime.ts";

const root = resolve(import.meta.dirname, "../..");
const args = process.argv.slice(2);
const opt = (name: string, dflt: string): string => {
  const i = args.indexOf(name);
  return i < 0 ? dflt : (args[i + 1] ?? dflt);
};
const N_EXPRESS = Number(opt("--items", "10000"));
const N_STANDARD = Number(opt("--standard-items", String(Math.min(N_EXPRESS, 5000))));
const only = args.includes("--only") ? opt("--only", "") : undefined;
const jsonFile = args.includes("--json") ? opt("--json", "map-bench.json") : undefined;
const TOKEN = "bench-token";

const rt = await startRuntime(root, {}, TOKEN, true);
const bucket = await rt.mf.getR2Bucket("FILES");
const executions = await rt.mf.getDurableObjectNamespace("EXECUTIONS");
const mapRuns = await rt.mf.getDurableObjectNamespace("MAP_RUNS");
type Rows = { rowsWritten: number; d1Writes?: number };
const executionStats = async (arn: string) => (await (executions.get(executions.idFromName(arn)) as any).stats()) as Rows;
const mapRunStats = async (arn: string) => (await (mapRuns.get(mapRuns.idFromName(arn)) as any).stats()) as Rows;

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
      if (out.twice !== 2 * out.id) wrong++;
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
  const { executionArn: arn } = await api("POST", `/state-machines/${name}/executions`, { name: "run-1", input: {} });
  let d: any;
  for (let i = 0; ; i++) {
    await sleep(250);
    peak = Math.max(peak, workerdRssKiB() ?? 0);
    d = await api("GET", `/executions/${enc(arn)}`);
    if (d.status !== "RUNNING") break;
    if (i % 20 === 0) {
      const runs = await api("GET", `/executions/${enc(arn)}/map-runs`);
      const mr = runs.mapRuns[0] && (await api("GET", `/map-runs/${enc(runs.mapRuns[0].mapRunArn)}`));
      process.stderr.write(
        `${type}: ${((performance.now() - t0) / 1000).toFixed(0)} s, ${mr ? JSON.stringify(mr.executionCounts) : "starting"}\n`,
      );
    }
  }
  const wallMs = performance.now() - t0;
  const cpu1 = workerdCpuMs();
  if (d.status !== "SUCCEEDED") throw new Error(`${type}: the parent ended ${d.status}: ${d.error}: ${d.cause}`);
  const out = JSON.parse(d.output);
  const mapRunArn: string = out.MapRunArn;

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
  const own = await mapRunStats(mapRunArn);
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
  for (const type of ["STANDARD", "EXPRESS"] as const) if (!only || only === type) figures.push(await run(type));
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
      "Peak RSS is all of workerd (objects, D1, R2), so an upper bound on the Map Run object's memory.",
  );
  if (jsonFile) writeFileSync(jsonFile, JSON.stringify({ figures }, null, 2) + "\n");
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
} finally {
  await rt.dispose();
}
