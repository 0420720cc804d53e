/**
 * Shared pieces of the property-based fuzz tests (test/asl/fuzz-*.test.ts, test/worker/fuzz-api.test.ts):
 * how many runs and which seed (FUZZ_RUNS, FUZZ_SEED: `npm run fuzz -- --runs 100000 --seed 42`), and the
 * generators of weird values and mutated definitions. fast-check prints the seed and path of a failure;
 * replay it with FUZZ_SEED (and keep the counterexample as a regression test beside the property).
 */
import fc from "fast-check";

type Settings = { FUZZ_RUNS?: unknown; FUZZ_SEED?: unknown };
declare const process: { env: Settings } | undefined;
/** Node's environment; inside workerd, the bindings test/vitest.config.ts copies it into. */
const NODE_ENV: Settings = typeof process === "object" && process ? process.env : {};

/** fast-check's parameters for one property: FUZZ_RUNS runs, else the short default that `npm test` uses; FUZZ_SEED replays a failure. */
export function fuzzParams(defaultRuns: number, settings: Settings = NODE_ENV): { numRuns: number; seed?: number } {
  const n = Number(settings.FUZZ_RUNS);
  const numRuns = Number.isInteger(n) && n > 0 ? n : defaultRuns;
  const seed = Number(settings.FUZZ_SEED);
  return settings.FUZZ_SEED && Number.isInteger(seed) ? { numRuns, seed } : { numRuns };
}

/** A test's timeout: the default run is short; a long run (FUZZ_RUNS) gets what it needs. */
export function fuzzTimeout(settings: Settings = NODE_ENV): number {
  return settings.FUZZ_RUNS ? 24 * 3600_000 : 60_000;
}
export const FUZZ_TIMEOUT = fuzzTimeout();

/** An error name as AWS writes them: States.Timeout, Lambda.ServiceException, MyError. */
export const ERROR_NAME = /^[A-Za-z][\w.]*$/;

/** Values nested `depth` deep (an array of arrays ... of an object); fast-check prints it as `deep(depth)`. */
export function deep(depth: number, leaf: unknown = {}): unknown {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  Object.defineProperty(v, fc.toStringMethod, { value: () => `deep(${depth})` });
  return v;
}

/** The JSON text of a value nested `depth` deep, made without recursion (JSON.stringify would overflow). */
export function deepText(depth: number): string {
  return '{"a":['.repeat(depth) + "1" + "]}".repeat(depth);
}

export const weirdStrings = fc.constantFrom(
  "",
  " ",
  "\u0000",
  "\u{1F4A5}",
  "\uD800",
  "a\nb",
  "\u00e9\u0301",
  "x".repeat(300),
  "$",
  "$$",
  "$.",
  "$[",
  "$..a",
  "$..*",
  "$.a[?(@.b > 1)]",
  "$.a[?(@.b == 'x' && @.c)]",
  "$.a[-1:]",
  "$[0:10:0]",
  "$['a','b']",
  "$[*]",
  "$.length()",
  "$.a.length()",
  "$$.Execution.Id",
  "$$.Map.Item.Value",
  "$$.Task.Token",
  "$var",
  "$.a.b.c",
  "States.Format('{} {}', $, $$.State.Name)",
  "States.Format('\\{}', 1)",
  "States.ArrayRange(0, 1000000000, 1)",
  "States.ArrayRange(0, 10, 0)",
  "States.ArrayPartition($, 0)",
  "States.ArrayGetItem($, 99)",
  "States.StringSplit($.a, ',')",
  "States.MathAdd(1)",
  "States.MathAdd(9007199254740991, 9007199254740991)",
  "States.MathRandom(1, 1)",
  "States.Hash($, 'MD5')",
  "States.Hash('a', 'SHA-999')",
  "States.JsonToString($)",
  "States.StringToJson($.s)",
  "States.StringToJson('{')",
  "States.Base64Decode('!!!')",
  "States.Base64Encode($)",
  "States.UUID()",
  "States.Array(",
  "States.Nope()",
  "States.ArrayUnique(States.Array(1, 1, $))",
  "{%%}",
  "{% %}",
  "{% $states.input %}",
  "{% $states.input.a.b %}",
  "{% $states.result %}",
  "{% $x %}",
  "{% $error() %}",
  "{% $error('Boom') %}",
  "{% 1/0 %}",
  "{% $string($states) %}",
  "{% [1..1000000] %}",
  "{% $eval('1+') %}",
  "{% $partition([1,2], 0) %}",
  "{% $parse('x') %}",
  "{% $uuid() %}",
  "{% $random() %}",
  "{% $hash('a', 'b') %}",
  "{% function($x){ $x } %}",
  "{% ( $f := function($n){ $n < 1 ? 0 : $f($n - 1) }; $f(100000) ) %}",
  "{% $states.context.Execution.Input %}",
  "{% 'a' & %}",
  "{% } %}",
  "2024-13-45T00:00:00Z",
  "2016-03-14T01:59:00Z",
  "1969-12-31T23:59:59.999999999Z",
  "+275760-09-13T00:00:00Z",
  "arn:aws:lambda:us-east-1:123456789012:function:f",
  "arn:aws:states:::lambda:invoke",
  "arn:aws:states:::lambda:invoke.waitForTaskToken",
  "arn:aws:states:::http:invoke",
  "arn:aws:states:::states:startExecution.sync:2",
  "arn:aws:states:::dynamodb:getItem",
  "arn:aws:states:us-east-1:123456789012:activity:a",
  "arn:aws:states:::s3:getObject",
  "arn:aws:states:::aws-sdk:s3:listObjectsV2",
  "States.ALL",
  "States.TaskFailed",
  "States.Timeout",
  "JSONata",
  "JSONPath",
  "Pass",
  "Task",
  "Choice",
  "Wait",
  "Map",
  "Parallel",
  "Fail",
  "Succeed",
  "INLINE",
  "DISTRIBUTED",
  "STANDARD",
  "EXPRESS",
  "FULL",
  "NONE",
  "Next",
  "End",
);

export const weirdNumbers = fc.constantFrom(
  0,
  -1,
  -0,
  0.5,
  1.5,
  3,
  1e308,
  -1e308,
  2 ** 31,
  2 ** 53 + 2,
  99999999,
  1e-300,
  31536000,
  100000,
);

/** A value a careless or hostile author might put anywhere in a definition or an input. */
export const weirdValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: weirdStrings },
  { weight: 2, arbitrary: weirdNumbers },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, [], {}, [[]], { "x.$": "$" }) },
  { weight: 1, arbitrary: fc.constantFrom(10, 500, 1500).map((n) => deep(n)) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 20 }) },
  { weight: 1, arbitrary: fc.array(weirdStrings, { maxLength: 4 }) },
);

/** Field names of the Amazon States Language (and a few wrong ones) to add where they do not belong. */
export const aslKeys = fc.constantFrom(
  "Type",
  "Next",
  "End",
  "Resource",
  "Parameters",
  "Arguments",
  "Output",
  "Assign",
  "Result",
  "ResultPath",
  "InputPath",
  "OutputPath",
  "ResultSelector",
  "Retry",
  "Catch",
  "ErrorEquals",
  "MaxAttempts",
  "IntervalSeconds",
  "BackoffRate",
  "MaxDelaySeconds",
  "JitterStrategy",
  "Seconds",
  "SecondsPath",
  "Timestamp",
  "TimestampPath",
  "Choices",
  "Default",
  "Variable",
  "StringEquals",
  "StringMatches",
  "NumericGreaterThan",
  "TimestampLessThanPath",
  "IsPresent",
  "And",
  "Or",
  "Not",
  "Condition",
  "Branches",
  "Iterator",
  "ItemProcessor",
  "ItemsPath",
  "Items",
  "ItemSelector",
  "Parameters.$",
  "MaxConcurrency",
  "MaxConcurrencyPath",
  "ToleratedFailurePercentage",
  "ToleratedFailureCount",
  "ItemReader",
  "ResultWriter",
  "ItemBatcher",
  "ProcessorConfig",
  "Mode",
  "Label",
  "QueryLanguage",
  "TimeoutSeconds",
  "TimeoutSecondsPath",
  "HeartbeatSeconds",
  "Credentials",
  "Error",
  "Cause",
  "ErrorPath",
  "CausePath",
  "Comment",
  "StartAt",
  "States",
  "Version",
  "x.$",
  "x",
  "",
  "\u{1F4A5}",
  "__proto__",
  "constructor",
);

export type Mutation = { at: number; op: "replace" | "delete" | "addKey" | "wrap" | "copy"; value: unknown; key: string; from: number };

export const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  op: fc.constantFrom("replace", "replace", "delete", "addKey", "addKey", "wrap", "copy"),
  value: weirdValue,
  key: aslKeys,
  from: fc.nat(),
});

type Slot = { parent: Record<string, unknown> | unknown[]; key: string | number };

function slots(root: unknown): Slot[] {
  const out: Slot[] = [];
  const walk = (v: unknown, depth: number) => {
    if (depth > 50 || v === null || typeof v !== "object") return;
    if (Array.isArray(v))
      v.forEach((x, i) => {
        out.push({ parent: v, key: i });
        walk(x, depth + 1);
      });
    else
      for (const [k, x] of Object.entries(v)) {
        out.push({ parent: v as Record<string, unknown>, key: k });
        walk(x, depth + 1);
      }
  };
  walk(root, 0);
  return out;
}

/** A copy of `definition` with the mutations applied, each at a node chosen by its index. */
export function mutate(definition: unknown, mutations: Mutation[]): unknown {
  const root = { root: structuredClone(definition) };
  for (const m of mutations) {
    const all = slots(root);
    const slot = all[m.at % all.length];
    const { parent, key } = slot;
    const current = (parent as Record<string | number, unknown>)[key];
    const set = (v: unknown) => ((parent as Record<string | number, unknown>)[key] = v);
    if (m.op === "replace") set(structuredClone(m.value));
    else if (m.op === "delete") {
      if (parent === root) continue;
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key as string];
    } else if (m.op === "addKey") {
      if (current && typeof current === "object" && !Array.isArray(current))
        Object.defineProperty(current, m.key, { value: structuredClone(m.value), enumerable: true, writable: true, configurable: true });
      else set({ [m.key]: structuredClone(m.value) });
    } else if (m.op === "wrap") set(m.from % 2 ? [current] : { [m.key]: current });
    else set(structuredClone((all[m.from % all.length].parent as Record<string | number, unknown>)[all[m.from % all.length].key]));
  }
  return root.root;
}
