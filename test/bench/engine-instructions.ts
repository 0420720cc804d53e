/**
 * The engine benchmark counted in machine instructions instead of timed: each engine runs each workflow
 * in a Node process of its own under Valgrind's callgrind, with `node --predictable` (one thread, no
 * concurrent compiler or collector: the same count on every run of the same code). A process runs W
 * executions, another W + N; the difference over N is the instructions per execution, start-up and
 * warm-up cancelled out. For deciding between two versions of the engine on a machine where timings
 * move by ±30% (ours alone: `--ours`). `--predictable` changes what V8 does (counts run ~1.6x those of
 * a normal process), so compare counts with counts, never with the timed figures of `npm run bench`.
 *
 *   npm run bench:instructions [-- --only NAME[,NAME]] [--ours | --steady | --build] [--whole] [--dir DIR]
 *
 * `--whole` (ours): each workflow counted after the workflows before it in `npm run bench`'s order ran in the
 * same process (each W + N of COUNTS times, uncounted: in both counts alike, then a full collection), as in
 * the whole bench, where our functions have seen every workflow's shapes (megamorphic property reads, calls
 * V8 no longer inlines). Alone, a workflow's count is that of code specialised for it.
 *
 * `--build` counts building instead of running: the instructions of builds 2-15 of the workflow in one
 * process, per build (what `npm run bench` times as "our build": the median of 15 builds in a fresh process,
 * code V8 has not optimised yet; the first build, which also compiles our compiler, is left out).
 *
 * Needs `valgrind` on the PATH (Debian: apt-get install valgrind). A workflow takes 1-3 minutes.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { makeHandlers, type Handlers } from "./util.ts";

const repoRoot = resolve(import.meta.dirname, "../..");
const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const dir = resolve(opt("--dir") ?? join(repoRoot, "../shared/bench"));

interface Case {
  input: unknown;
  handlers?: Record<string, string>;
  retryIntervalOverrideMs?: Record<string, number>;
}

/** Executions per process, by engine: W to warm up, N counted (the peer is ~20-100x slower per execution). */
const COUNTS: Record<string, Record<"ours" | "peer", [number, number]>> = {
  chain: { ours: [300, 1000], peer: [5, 20] },
  "choice-loop": { ours: [30, 100], peer: [2, 5] },
  intrinsics: { ours: [1000, 3000], peer: [20, 100] },
  map: { ours: [30, 300], peer: [2, 5] },
  parallel: { ours: [300, 1000], peer: [5, 20] },
  retry: { ours: [3000, 10000], peer: [100, 400] },
  "small-express": { ours: [3000, 10000], peer: [100, 400] },
};
const DEFAULT_COUNTS: Record<"ours" | "peer", [number, number]> = { ours: [300, 1000], peer: [5, 20] };

/**
 * `--steady` (ours alone): W and N where V8 has finished compiling our hot functions before the counted N.
 * With the W above, small-express and retry still count TurboFan compiling `runLocal` and the state
 * functions (a small-express count moved by a sixth with the JIT's timing while the code's own cost moved
 * the other way); these count the code itself. The peer's counts are not taken this way (its W is too slow
 * under Valgrind), so `--steady` prints no ratio.
 */
const STEADY: Record<string, [number, number]> = {
  chain: [1000, 2000],
  "choice-loop": [100, 200],
  intrinsics: [5000, 10000],
  map: [100, 200],
  parallel: [1000, 2000],
  retry: [20000, 40000],
  "small-express": [20000, 40000],
};

/** Builds per process with `--build`, as `npm run bench` makes. */
const BUILDS = 15;

if (args[0] === "--child")
  await (args[2] === "build" ? buildChild(args[1], Number(args[3])) : child(args[1], args[2] as "ours" | "peer", Number(args[3]), args.includes("--whole")));
else main();

/** Parse the definition BUILDS times (in every process alike), then build the first `count` of them. */
async function buildChild(name: string, count: number) {
  const text = readFileSync(join(dir, "workflows", `${name}.json`), "utf8");
  const defs = Array.from({ length: BUILDS }, () => JSON.parse(text));
  const eng = await import(new URL("../../shared/asl/index.ts", import.meta.url).href);
  const type = name === "small-express" ? "EXPRESS" : "STANDARD";
  for (let i = 0; i < count; i++) eng.compile(defs[i], { type });
}

/** The bench's workflows, in the order `npm run bench` runs them. */
function workflowNames(): string[] {
  return readdirSync(join(dir, "workflows"))
    .filter((f) => f.endsWith(".json"))
    .map((f) => f.slice(0, -5))
    .sort();
}

/** Our engine set up to run one workflow, with the case's handlers and a fresh input per run. */
async function oursFor(name: string) {
  const def = JSON.parse(readFileSync(join(dir, "workflows", `${name}.json`), "utf8"));
  const c = JSON.parse(readFileSync(join(dir, "cases", `${name}.json`), "utf8")) as Case;
  const { handlers, reset } = makeHandlers(c.handlers ?? {});
  const eng = await import(new URL("../../shared/asl/index.ts", import.meta.url).href);
  const machine = eng.compile(def, { type: name === "small-express" ? "EXPRESS" : "STANDARD" });
  const options = { handlers: handlers as Handlers, retryIntervalOverrideMs: c.retryIntervalOverrideMs ?? {} };
  return { c, reset, run: (input: unknown): Promise<unknown> => eng.runLocal(machine, input, options) };
}

/** Run `count` executions of one workflow on one engine (the process callgrind counts); see `--whole`. */
async function child(name: string, engine: "ours" | "peer", count: number, whole: boolean) {
  if (whole)
    for (const before of workflowNames().filter((n) => n < name)) {
      const [w, n] = (COUNTS[before] ?? DEFAULT_COUNTS).ours;
      const { c, reset, run } = await oursFor(before);
      for (let i = 0; i < w + n; i++) {
        reset();
        await run(structuredClone(c.input));
      }
    }
  // their garbage collected now: a major collection it started would otherwise end inside the counted runs
  // (under --predictable, marking has no helper threads and can stay open for the rest of the process)
  if (whole) (globalThis as { gc?: () => void }).gc?.();
  const c = JSON.parse(readFileSync(join(dir, "cases", `${name}.json`), "utf8")) as Case;
  let reset: () => void;
  let run: (input: unknown) => Promise<unknown>;
  if (engine === "ours") ({ reset, run } = await oursFor(name));
  else {
    const def = JSON.parse(readFileSync(join(dir, "workflows", `${name}.json`), "utf8"));
    const { handlers, reset: resetHandlers } = makeHandlers(c.handlers ?? {});
    const retry = c.retryIntervalOverrideMs ?? {};
    reset = resetHandlers;
    const { StateMachine } = await import("aws-local-stepfunctions");
    const sm = new StateMachine(def);
    const options = { overrides: { taskResourceLocalHandlers: handlers as any, retryIntervalOverrides: retry } };
    run = (input) => sm.run(input as any, options).result;
  }
  // each execution gets its own copy of the input, made before (structuredClone is counted either way)
  for (let i = 0; i < count; i++) {
    reset();
    await run(structuredClone(c.input));
  }
}

/** Instructions callgrind counted for one child process. */
function count(name: string, engine: "ours" | "peer" | "build", executions: number, whole = false): number {
  const r = spawnSync(
    "valgrind",
    [
      "--tool=callgrind",
      "--callgrind-out-file=/dev/null",
      process.execPath,
      "--predictable",
      ...(whole ? ["--expose-gc"] : []),
      import.meta.filename,
      "--child",
      name,
      engine,
      String(executions),
      "--dir",
      dir,
      ...(whole ? ["--whole"] : []),
    ],
    { encoding: "utf8", maxBuffer: 64 << 20 },
  );
  const m = /Collected : (\d+)/.exec(r.stderr);
  if (r.status !== 0 || !m) throw new Error(`${engine} ${name}: callgrind run failed (status ${r.status})\n${r.stderr.slice(-2000)}`);
  return Number(m[1]);
}

function main() {
  try {
    execFileSync("valgrind", ["--version"], { stdio: "ignore" });
  } catch {
    console.error("valgrind is not on the PATH (Debian: apt-get install valgrind)");
    process.exit(1);
  }
  const only = opt("--only")
    ?.split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const names = workflowNames().filter((n) => !only || only.includes(n));
  if (args.includes("--build")) {
    console.log(
      `Node ${process.version} --predictable under callgrind; instructions per build = (count(${BUILDS} builds) - count(1)) / ${BUILDS - 1}`,
    );
    console.log("");
    console.log(["workflow".padEnd(14), "instr/build".padStart(16)].join(" "));
    for (const name of names) {
      const per = (count(name, "build", BUILDS) - count(name, "build", 1)) / (BUILDS - 1);
      console.log([name.padEnd(14), Math.round(per).toLocaleString("en-US").padStart(16)].join(" "));
    }
    return;
  }
  const steady = args.includes("--steady");
  const whole = args.includes("--whole");
  const engines: ("ours" | "peer")[] = args.includes("--ours") || steady || whole ? ["ours"] : ["ours", "peer"];
  console.log(`Node ${process.version} --predictable under callgrind; instructions per execution = (count(W + N) - count(W)) / N`);
  if (steady) console.log("--steady: ours alone, W and N past V8's compiling (see STEADY); not comparable with the default counts");
  if (whole) console.log("--whole: ours, each workflow after the bench's earlier ones in the same process (uncounted)");
  console.log("");
  console.log(["workflow".padEnd(14), "ours instr/exec".padStart(16), "peer instr/exec".padStart(16), "peer/ours".padStart(10)].join(" "));
  for (const name of names) {
    const per: Partial<Record<"ours" | "peer", number>> = {};
    for (const engine of engines) {
      const [w, n] = steady && STEADY[name] ? STEADY[name] : (COUNTS[name] ?? DEFAULT_COUNTS)[engine];
      per[engine] = (count(name, engine, w + n, whole) - count(name, engine, w, whole)) / n;
    }
    const fmt = (v?: number) => (v === undefined ? "-" : Math.round(v).toLocaleString("en-US"));
    const ratio = per.ours && per.peer ? `${(per.peer / per.ours).toFixed(1)}×` : "-";
    console.log([name.padEnd(14), fmt(per.ours).padStart(16), fmt(per.peer).padStart(16), ratio.padStart(10)].join(" "));
  }
}
