/**
 * Engine benchmark: our ASL engine (shared/asl) against aws-local-stepfunctions 3.0.0, side by side in
 * one process, on the seven workflows of ../shared/bench (protocol in its README).
 *
 *   npm run bench [-- --quick] [--only NAME[,NAME]] [--json FILE] [--dir DIR] [--peer-only] [--no-history] [--gc] [--late-copies]
 *
 * Fails (exit 1) only when OUR engine gives a wrong output or cannot run a workflow; never on speed.
 * A wrong output from the peer is reported as a note.
 */
import { readFileSync, writeFileSync, readdirSync } from "node:fs";
import { resolve, join } from "node:path";
import { performance } from "node:perf_hooks";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { StateMachine } from "aws-local-stepfunctions";
import { BASELINES } from "./baselines.ts";
import { GcPauses } from "./gc-pauses.ts";
import { makeHandlers, jsonDiff, median, fmtInt, fmtMs } from "./util.ts";
import type { Handlers } from "./util.ts";

// ---------- arguments ----------
const repoRoot = resolve(import.meta.dirname, "../..");
const args = process.argv.slice(2);
function opt(name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = args[i + 1];
  if (v === undefined || v.startsWith("--")) throw new Error(`${name} needs a value`);
  return v;
}
const quick = args.includes("--quick");
const peerOnly = args.includes("--peer-only");
// Each sample's input copies made just before it, as the bench did before (see the samples below).
const lateCopies = args.includes("--late-copies");
// Our runner records history by default, as the peer always queues its event log; --no-history turns ours off.
const noHistory = args.includes("--no-history");
const jsonFile = opt("--json");
const only = opt("--only")?.split(",").map((s) => s.trim()).filter(Boolean);
const dir = resolve(opt("--dir") ?? join(repoRoot, "../shared/bench"));

// ---------- our engine (loaded lazily so the peer half works without it) ----------
type Engine = { compile: (def: unknown, opts?: unknown) => unknown; runLocal: (m: unknown, input: unknown, opts?: unknown) => Promise<any> };
let engine: Engine | undefined;
if (!peerOnly) {
  try {
    engine = (await import(new URL("../../shared/asl/index.ts", import.meta.url).href)) as Engine;
    if (typeof engine.compile !== "function" || typeof engine.runLocal !== "function") throw new Error("shared/asl/index.ts does not export compile and runLocal");
  } catch (e) {
    console.error(`cannot load our engine: ${(e as Error).message}\n(run with --peer-only to time aws-local-stepfunctions alone)`);
    process.exit(2);
  }
}

// The README's protocol has no forced collection between samples, and that is the default. With
// --gc, a gc() runs before each sample so that neither engine pays for the other's garbage; note it
// also shrinks the young generation, which then penalises whichever sample comes right after.
let gc: (() => void) | undefined;
if (args.includes("--gc")) {
  try {
    setFlagsFromString("--expose-gc");
    gc = runInNewContext("gc") as () => void;
  } catch {
    gc = undefined;
  }
}

// ---------- cases ----------
interface Case {
  input: unknown;
  expected: unknown;
  transitions: number;
  batch: number;
  reps: number;
  warmup: number;
  handlers?: Record<string, string>;
  retryIntervalOverrideMs?: Record<string, number>;
}
const readJson = (p: string) => JSON.parse(readFileSync(p, "utf8"));
let names = readdirSync(join(dir, "workflows")).filter((f) => f.endsWith(".json")).map((f) => f.slice(0, -5)).sort();
if (only) {
  const unknown = only.filter((n) => !names.includes(n));
  if (unknown.length) {
    console.error(`unknown workflow(s): ${unknown.join(", ")}; have: ${names.join(", ")}`);
    process.exit(2);
  }
  names = names.filter((n) => only.includes(n));
}

// ---------- measuring ----------
type Run = (input: unknown) => Promise<unknown>;

async function sample(run: Run, inputs: unknown[], windows?: [number, number][]): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < inputs.length; i++) await run(inputs[i]);
  const t1 = performance.now();
  windows?.push([t0, t1]);
  return t1 - t0;
}
/** Fresh copies of the input, made outside the timed region (an engine may mutate its input). */
const copies = (input: unknown, n: number) => Array.from({ length: n }, () => structuredClone(input));

interface Side {
  name: string;
  run?: Run;
  samples: number[];
  /** Where each sample started and ended (performance.now()), for the collections inside them. */
  windows: [number, number][];
  buildMs?: number;
  ok?: boolean;
  note?: string;
}

interface Row {
  workflow: string;
  ours: number | null;
  peer: number | null;
  ratio: number | null;
  oursMsPerExecution: number | null;
  peerMsPerExecution: number | null;
  oursBuildMs: number | null;
  oursBuildMsMin: number | null;
  peerBuildMs: number | null;
  oursOutputOk: boolean | null;
  peerOutputOk: boolean | null;
  transitions: number;
  batch: number;
  reps: number;
  warmup: number;
  notes: string[];
}

const rows: Row[] = [];
// the collections that land in each engine's samples (printed in each workflow's notes)
const pauses = new GcPauses();
let failed = false;
const builds = quick ? 5 : 15;

for (const name of names) {
  const def = readFileSync(join(dir, "workflows", `${name}.json`), "utf8");
  const c = readJson(join(dir, "cases", `${name}.json`)) as Case;
  const batch = quick ? Math.max(1, Math.ceil(c.batch / 5)) : c.batch;
  const reps = quick ? Math.min(c.reps, 3) : c.reps;
  const warmup = quick ? Math.ceil(c.warmup / 5) : c.warmup;
  const notes: string[] = [];
  const { handlers, reset } = makeHandlers(c.handlers ?? {});
  const retry = c.retryIntervalOverrideMs ?? {};
  process.stdout.write(`${name}: `);

  // --- our engine: build (median of several), check, prepare ---
  const ours: Side = { name: "ours", samples: [], windows: [] };
  const calls: [(input: unknown) => unknown, unknown][] = [];
  let oursBuildMin: number | undefined;
  if (engine) {
    const eng = engine;
    try {
      const type = name === "small-express" ? "EXPRESS" : "STANDARD";
      const times: number[] = [];
      let machine: unknown;
      for (let i = 0; i < builds; i++) {
        const d = JSON.parse(def);
        const t0 = performance.now();
        machine = eng.compile(d, { type });
        times.push(performance.now() - t0);
      }
      ours.buildMs = median(times);
      oursBuildMin = Math.min(...times);
      const opts = { handlers: handlers as Handlers, retryIntervalOverrideMs: retry, ...(noHistory ? { history: false } : {}) };
      ours.run = (input) => {
        reset();
        return eng.runLocal(machine, input, opts);
      };
      reset();
      // Record which handlers one execution calls, and with what, to time the handlers alone below.
      const recording = Object.fromEntries(
        Object.entries(handlers as Handlers).map(([state, h]) => [state, (input: unknown, info?: unknown) => (calls.push([h, input]), h(input, info))]),
      );
      const r = await eng.runLocal(machine, structuredClone(c.input), { ...opts, handlers: recording });
      if (r?.status !== "SUCCEEDED") {
        ours.ok = false;
        notes.push(`OURS FAILED: status ${r?.status} ${r?.error ?? ""}: ${r?.cause ?? ""}`);
      } else {
        const diff = jsonDiff(r.output, c.expected);
        ours.ok = diff.length === 0;
        if (!ours.ok) notes.push(`OURS WRONG OUTPUT: ${diff.join("; ")}`);
        if (typeof r.transitions === "number" && r.transitions !== c.transitions)
          notes.push(`ours counted ${r.transitions} transitions, the case says ${c.transitions}`);
      }
    } catch (e) {
      ours.ok = false;
      notes.push(`OURS THREW: ${(e as Error)?.stack ?? String(e)}`);
    }
    if (!ours.ok) {
      failed = true;
      ours.run = undefined;
    }
  }

  // --- peer: build once, check, prepare ---
  // The handlers' own cost per execution (both engines pay it): it bounds the ratio any engine can reach.
  let handlerMs: number | undefined;
  if (calls.length) {
    const replay = async () => {
      reset();
      for (const [h, input] of calls) {
        try {
          h(input);
        } catch {
          // failTwiceThenSucceed throws, as it does under both engines
        }
      }
    };
    for (let i = 0; i < warmup; i++) await replay();
    const times: number[] = [];
    for (let rep = 0; rep < reps; rep++) {
      const t0 = performance.now();
      for (let i = 0; i < batch; i++) await replay();
      times.push(performance.now() - t0);
    }
    handlerMs = median(times) / batch;
  }
  const peer: Side = { name: "peer", samples: [], windows: [] };
  try {
    const d = JSON.parse(def);
    const t0 = performance.now();
    const sm = new StateMachine(d);
    peer.buildMs = performance.now() - t0;
    const runOptions = {
      overrides: {
        taskResourceLocalHandlers: handlers as any,
        retryIntervalOverrides: retry,
      },
    };
    peer.run = (input) => {
      reset();
      return sm.run(input as any, runOptions).result;
    };
    try {
      const out = await peer.run(structuredClone(c.input));
      const diff = jsonDiff(out, c.expected);
      peer.ok = diff.length === 0;
      if (!peer.ok) notes.push(`peer wrong output (not ours, not a failure): ${diff.join("; ")}`);
    } catch (e) {
      peer.ok = false;
      peer.run = undefined;
      notes.push(`peer execution failed: ${(e as Error)?.message ?? String(e)}`);
    }
  } catch (e) {
    peer.ok = false;
    notes.push(`peer build failed: ${(e as Error)?.message ?? String(e)}`);
  }

  // --- warmup, then interleaved samples ---
  const sides = [ours, peer].filter((s) => s.run);
  // Every sample's input copies are made before the warmup, so that the collector has moved them out of the
  // young generation before the samples. Made just before each sample (--late-copies, as before), they were
  // copied by the young-generation collections inside it, which cost the faster engine the larger share of its
  // sample (intrinsics: 40-48 ms of collections in our three samples against 8 ms this way).
  const made = lateCopies ? undefined : new Map(sides.map((s) => [s, Array.from({ length: reps }, () => copies(c.input, batch))]));
  for (const s of sides) {
    const inputs = copies(c.input, warmup);
    for (const input of inputs) await s.run!(input);
  }
  for (let rep = 0; rep < reps; rep++) {
    const order = rep % 2 === 0 ? sides : [...sides].reverse();
    for (const s of order) {
      const inputs = made ? made.get(s)![rep] : copies(c.input, batch);
      if (made) made.get(s)![rep] = []; // let go once used
      gc?.();
      s.samples.push(await sample(s.run!, inputs, s.windows));
    }
    process.stdout.write(".");
  }

  // --- a hand-written baseline, where there is one: the same protocol, after both engines ---
  const baseline = BASELINES[name];
  let baselineMs: number | undefined;
  if (baseline) {
    const run = (input: unknown) => (reset(), baseline(input, handlers as Handlers));
    const out = await run(structuredClone(c.input));
    const diff = jsonDiff(out, c.expected);
    if (diff.length) notes.push(`HAND-WRITTEN BASELINE WRONG: ${diff.join("; ")}`);
    // its copies made as the engines' are (before its warmup, unless --late-copies)
    const early = lateCopies ? undefined : Array.from({ length: reps }, () => copies(c.input, batch));
    for (const input of copies(c.input, warmup)) await run(input);
    const times: number[] = [];
    for (let rep = 0; rep < reps; rep++) {
      const inputs = early ? early[rep] : copies(c.input, batch);
      if (early) early[rep] = [];
      gc?.();
      times.push(await sample(run, inputs));
    }
    baselineMs = median(times) / batch;
  }

  const tps = (s: Side) => (s.samples.length ? (batch * c.transitions) / (median(s.samples) / 1000) : null);
  const mspe = (s: Side) => (s.samples.length ? median(s.samples) / batch : null);
  const oursTps = tps(ours);
  const peerTps = tps(peer);
  const peerMs = mspe(peer);
  if (handlerMs !== undefined && peerMs !== null)
    notes.push(
      `the task handlers alone take ${fmtMs(handlerMs)} ms per execution (${calls.length} calls); no engine can beat the peer by more than ${(peerMs / handlerMs).toFixed(1)}× here`,
    );
  const oursMs = mspe(ours);
  if (baselineMs !== undefined && oursMs !== null)
    notes.push(`hand-written JS doing the same work takes ${fmtMs(baselineMs)} ms per execution: ours is ${(oursMs / baselineMs).toFixed(1)}× that`);
  await pauses.settle();
  const inside = [ours, peer].filter((s) => s.windows.length).map((s) => `${s.name} ${pauses.describe(s.windows)}`);
  if (inside.length) notes.push(`collections inside the timed samples: ${inside.join("; ")}`);
  if (name === "chain" && ours.buildMs !== undefined)
    notes.push(`build: median ${fmtMs(ours.buildMs)} ms over ${builds} builds, under 5 ms: ${ours.buildMs < 5 ? "yes" : "NO"}`);
  rows.push({
    workflow: name,
    ours: oursTps,
    peer: peerTps,
    ratio: oursTps !== null && peerTps !== null ? oursTps / peerTps : null,
    oursMsPerExecution: mspe(ours),
    peerMsPerExecution: mspe(peer),
    oursBuildMs: ours.buildMs ?? null,
    oursBuildMsMin: oursBuildMin ?? null,
    peerBuildMs: peer.buildMs ?? null,
    oursOutputOk: engine ? ours.ok ?? false : null,
    peerOutputOk: peer.ok ?? false,
    transitions: c.transitions,
    batch,
    reps,
    warmup,
    notes,
  });
  process.stdout.write(" done\n");
}

pauses.close();

// ---------- report ----------
const head = ["workflow", "ours tr/s", "peer tr/s", "ours/peer", "ours ms/exec", "peer ms/exec", "ours build ms", "peer build ms"];
const body = rows.map((r) => [
  r.workflow,
  fmtInt(r.ours),
  fmtInt(r.peer),
  r.ratio === null ? "–" : `${r.ratio.toFixed(r.ratio >= 100 ? 0 : 1)}×`,
  fmtMs(r.oursMsPerExecution),
  fmtMs(r.peerMsPerExecution),
  fmtMs(r.oursBuildMs),
  fmtMs(r.peerBuildMs),
]);
const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
const line = (cells: string[]) => cells.map((x, i) => (i === 0 ? x.padEnd(widths[i]) : x.padStart(widths[i]))).join("  ");
console.log(
  `\nNode ${process.version}, ${quick ? "quick (fewer reps, smaller batches)" : "full protocol"}; median sample; ` +
    `transitions/s = batch × transitions / median; our build = median of ${builds} compiles, peer build = one construction; our history ${noHistory ? "off" : "on"}; ${gc ? "gc() before each sample (--gc)" : "no forced gc between samples (--gc to force one)"}; ` +
    `input copies made ${lateCopies ? "just before each sample (--late-copies)" : "before the warmup (--late-copies: before each sample)"}\n`,
);
console.log(line(head));
console.log(widths.map((w) => "-".repeat(w)).join("  "));
for (const b of body) console.log(line(b));
const notes = rows.flatMap((r) => r.notes.map((n) => `  ${r.workflow}: ${n}`));
if (notes.length) console.log(`\nnotes:\n${notes.join("\n")}`);

if (jsonFile) {
  writeFileSync(resolve(process.env.INIT_CWD ?? process.cwd(), jsonFile), JSON.stringify(rows, null, 2) + "\n");
  console.log(`\nwrote ${jsonFile}`);
}
if (failed) {
  console.error("\nFAILED: our engine gave a wrong output (see notes)");
  process.exit(1);
}
