/**
 * Conformance evaluator: runs every case of a corpus (../shared/conformance) in this one process
 * on the Node runner and writes the JSON Lines file that the corpus's judge reads:
 *
 *   npm run conformance -- --corpus ../shared/conformance --out results.jsonl [--filter text]
 *   node ../shared/conformance/run.mjs --results results.jsonl
 *
 * Task states are answered from each case's recorded `stubs` with the judge's own `findStub`.
 */
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import {
  compile,
  parseResource,
  runLocal,
  seededRandom,
  validate,
  DefinitionError,
  type JSONValue,
  type StateMachineType,
} from "../../shared/asl/index.ts";
import { isTestStateError, testState, type TestStateRequest } from "../../shared/asl/teststate/index.ts";
import { seededStore } from "./s3-objects.ts";

interface Args {
  corpus: string;
  out: string;
  filter?: string;
  only: string[];
}

function parseArgs(argv: string[]): Args {
  const a: Args = { corpus: "../shared/conformance", out: "conformance-results.jsonl", only: ["cases", "cases-alsf", "validation"] };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    if (k === "--corpus") a.corpus = argv[++i];
    else if (k === "--out") a.out = argv[++i];
    else if (k === "--filter") a.filter = argv[++i];
    else if (k === "--only") a.only = argv[++i].split(",");
    else throw new Error(`unknown argument ${k} (use --corpus DIR --out FILE [--filter TEXT] [--only cases,validation])`);
  }
  return a;
}

function listCases(root: string, tops: string[], filter?: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    if (!fs.existsSync(d)) return;
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((x, y) => x.name.localeCompare(y.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".json")) out.push(p);
    }
  };
  for (const t of tops) walk(path.join(root, t));
  return out.filter((f) => !filter || path.relative(root, f).includes(filter));
}

type Kase = Record<string, any>;
type FindStub = (k: Kase, resource: string, input: JSONValue, used: Set<string>, state?: string) => Kase | null;

function typeOf(file: string, k: Kase): StateMachineType {
  const t = k.meta?.state_machine_type ?? k.expect?.type;
  if (t === "EXPRESS" || /express/i.test(path.basename(file))) return t === "STANDARD" ? "STANDARD" : "EXPRESS";
  return "STANDARD";
}

/** A teststate/ case: its request (JSON values where AWS takes JSON texts) through testState. */
async function evaluateTestState(k: Kase): Promise<Record<string, unknown>> {
  const r = k.request ?? {};
  const text = (v: unknown) => (v === undefined ? undefined : JSON.stringify(v));
  const req: TestStateRequest = {
    definition: typeof r.definition === "string" ? r.definition : JSON.stringify(r.definition),
    input: text(r.input),
    variables: text(r.variables),
    context: text(r.context),
    stateName: r.stateName,
    inspectionLevel: r.inspectionLevel,
    revealSecrets: r.revealSecrets,
    roleArn: r.roleArn,
    stateConfiguration: r.stateConfiguration,
  };
  if (r.mock) {
    const { result, result_was_json_text, ...rest } = r.mock;
    req.mock = { ...rest, ...(result === undefined ? {} : { result: result_was_json_text ? JSON.stringify(result) : result }) };
  }
  try {
    // Tasks without a mock would call AWS; the cases record no stubs for them, so they fail here.
    const res = await testState(req, { now: Date.UTC(2026, 0, 1), random: seededRandom(7) });
    return {
      status: res.status,
      output: res.output ?? null,
      error: res.error ?? null,
      cause: res.cause ?? null,
      nextState: res.nextState ?? null,
      inspectionData: res.inspectionData ?? null,
    };
  } catch (e) {
    if (isTestStateError(e)) return { exception: e.code, message: e.message };
    throw e;
  }
}

async function evaluate(file: string, k: Kase, findStub: FindStub): Promise<Record<string, unknown>> {
  if (k.api === "TestState") return evaluateTestState(k);
  const type = typeOf(file, k);
  if (k.expect && "valid" in k.expect) {
    const def = "definition_text" in k ? k.definition_text : k.definition;
    const r = validate(def, { type });
    return { valid: r.valid, error: r.valid ? null : "InvalidDefinition", diagnostics: r.diagnostics };
  }
  let machine;
  try {
    machine = compile(k.definition, { type });
  } catch (e) {
    if (e instanceof DefinitionError) return { status: "FAILED", error: "InvalidDefinition", cause: e.message };
    throw e;
  }
  const used = new Set<string>();
  const objectStore = await seededStore(k.definition, k.s3_objects);
  const r = await runLocal(machine, k.input ?? {}, {
    objectStore,
    history: false,
    stateMachineName: "StateMachine",
    sync: k.meta?.via === "StartSyncExecution",
    resolveTask: (t) => {
      const stub = findStub(k, t.resource, t.input, used, t.stateName);
      if (!stub) {
        // AWS records every activity task a worker could take; one with no record never reached an
        // activity: it did not exist (deleted), which the runtime's host refuses as AWS does
        if (parseResource(t.resource).kind === "activity") return { runtime: `The activity ${t.resource} does not exist.` };
        return { error: "States.TaskFailed", cause: `no recorded result for ${t.resource} in state ${t.stateName}` };
      }
      if (stub.timeout) return { timeout: true };
      if ("error" in stub || ("cause" in stub && !("output" in stub))) {
        const cause =
          stub.cause === undefined || stub.cause === null || typeof stub.cause === "string" ? stub.cause : JSON.stringify(stub.cause);
        return { error: stub.error ?? null, cause: cause ?? null };
      }
      return { output: stub.output ?? null };
    },
  });
  return { status: r.status, output: r.output ?? null, error: r.error ?? null, cause: r.cause ?? null };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const root = path.resolve(args.corpus);
  const judge = await import(pathToFileURL(path.join(root, "run.mjs")).href);
  const files = listCases(root, args.only, args.filter);
  const lines: string[] = [];
  let errors = 0;
  for (const file of files) {
    const rel = path.relative(root, file).split(path.sep).join("/");
    let res: Record<string, unknown>;
    try {
      const k = JSON.parse(fs.readFileSync(file, "utf8"));
      res = await evaluate(file, k, judge.findStub);
    } catch (e) {
      errors++;
      res = { status: "ERROR", error: "EvaluatorError", cause: String((e as Error)?.stack ?? e) };
    }
    lines.push(JSON.stringify({ case: rel, ...res }));
  }
  fs.writeFileSync(args.out, lines.join("\n") + "\n");
  console.log(`conformance: evaluated ${files.length} cases (${errors} evaluator errors) -> ${args.out}`);
}

await main();
