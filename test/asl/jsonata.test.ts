// JSONata expressions: AWS's added functions, $eval refused, causes of States.QueryEvaluationError,
// syntax errors at compile time, templates, and where jsonata 1.8.7 is made to answer as 2.0.6.
// Expected values come from executions recorded on AWS where one exists (LocalStack snapshots:
// $partition, $range, $parse, the "returned nothing" causes), else from the AWS docs, else from
// jsonata 2.0.6 itself (the version AWS documents).
import { describe, expect, it } from "vitest";
import { compileJsonata, compileJsonataTemplate, isJsonataString, jsonataResultTypeError, JsonataSyntaxError, MAX_STEPS } from "../../shared/asl/jsonata/index.ts";
import type { JsonataEnv } from "../../shared/asl/jsonata/index.ts";
import { StatesError } from "../../shared/asl/types.ts";
import type { JSONObject, JSONValue } from "../../shared/asl/types.ts";

const UUID = "6f2f4a1e-52a4-4d8a-9b16-2bd1e0c3a9f7";

function env(input: JSONValue = {}, vars: Record<string, JSONValue> = {}, extra: JSONObject = {}): JsonataEnv {
  const context = { Execution: { Id: "arn:aws:states:us-east-1:111111111111:execution:sm:run-1", Input: input }, State: { Name: "S", EnteredTime: "2024-01-01T00:00:00.000Z" } };
  return { input, context, vars, states: { input, context, ...extra }, random: () => 0.5, uuid: () => UUID };
}

const evaluate = (src: string, input?: JSONValue, vars?: Record<string, JSONValue>) => compileJsonata(src, "Output")(env(input, vars));

/** The StatesError an evaluation throws. */
function failure(f: () => unknown): StatesError {
  try {
    f();
  } catch (e) {
    if (e instanceof StatesError) return e;
    throw e;
  }
  throw new Error("no error");
}

interface Case {
  src: string;
  input?: JSONValue;
  vars?: Record<string, JSONValue>;
  want?: JSONValue;
  /** The cause after "The JSONata expression '<expr>' specified for the field 'Output' ". */
  cause?: string;
}

const table: { what: string; cases: Case[] }[] = [
  {
    what: "$partition (recorded on AWS)",
    cases: [
      { src: "{% $partition($states.input.a, $states.input.n) %}", input: { a: [0], n: 1 }, want: [[0]] },
      { src: "{% $partition($states.input.a, $states.input.n) %}", input: { a: [0, 1, 2], n: 2 }, want: [[0, 1], [2]] },
      { src: "{% $partition($states.input.a, $states.input.n) %}", input: { a: [0, 1, 2, 3], n: 3 }, want: [[0, 1, 2], [3]] },
      { src: "{% $partition($states.input.a, $states.input.n) %}", input: { a: [0, 1, 2], n: 5 }, want: [[0, 1, 2]] },
      { src: "{% $partition([1, 2, 3, 4, 5, 6, 7, 8, 9], 3) %}", want: [[1, 2, 3], [4, 5, 6], [7, 8, 9]] },
      { src: "{% $partition([1, 2, 3], 'x') %}", cause: `threw an error during evaluation. T0410: Argument 2 of function "partition" does not match function signature` },
      { src: "{% $partition([1, 2, 3], -2) %}", cause: "threw an error during evaluation. D3137: Second argument must be zero or greater" },
    ],
  },
  {
    what: "$range (recorded on AWS: one item comes out as itself)",
    cases: [
      { src: "{% $range(0, 9, 3) %}", want: [0, 3, 6, 9] },
      { src: "{% $range(0, 10, 3) %}", want: [0, 3, 6, 9] },
      { src: "{% $range(1, 9, 9) %}", want: 1 },
      { src: "{% $range(1, 9, 2) %}", want: [1, 3, 5, 7, 9] },
      { src: "{% $range(10, 0, -5) %}", want: [10, 5, 0] },
      { src: "{% [$range(1, 1, 1)] %}", want: [1] },
      { src: "{% $range(0, 10, 0) %}", cause: "returned nothing (undefined)." },
      { src: "{% $range('a', 10, 1) %}", cause: `threw an error during evaluation. T0410: Argument 1 of function "range" does not match function signature` },
      { src: "{% $range(0, 5000, 1) %}", cause: "threw an error during evaluation. D3137: The range must not have more than 1000 items" },
    ],
  },
  {
    what: "$hash",
    cases: [
      { src: "{% $hash('input data', 'MD5') %}", want: "812f45842bc6d66ee14572ce20db8e86" },
      { src: "{% $hash('abc', 'SHA-1') %}", want: "a9993e364706816aba3e25717850c26c9cd0d89d" },
      { src: "{% $hash('abc', 'SHA-256') %}", want: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
      { src: "{% $hash('abc', 'SHA-384') %}", want: "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7" },
      { src: "{% $hash('abc', 'SHA-512') %}", want: "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f" },
      { src: "{% $hash('é', 'MD5') %}", want: "66ddcd97cfdeabb2f6fb8a999b4bc76f" }, // of the UTF-8 bytes
      { src: "{% $hash('Grüße, 世界 🚀', 'SHA-1') %}", want: "f1939a633e90f0e97d985275a6d63671e41e4b3e" },
      { src: "{% $hash('Grüße, 世界 🚀', 'SHA-256') %}", want: "8c2b45e90ef7eb5d89abaaafda68acdc5eab53904db1d0dc345b8491662e5f41" },
      {
        src: "{% $hash('Grüße, 世界 🚀', 'SHA-512') %}",
        want: "c8afc6a63b3b3d48e1f502025f721ef9cd3f5b67d5f8787b8f952c469e7cc5e85d4e85589b3a65358eabfffa55c342925edb7a2fd9de0e5d9c5ade401ca5f926",
      },
      { src: "{% $hash('abc', 'sha-256') %}", cause: "threw an error during evaluation. D3137: Hash algorithm 'sha-256' must be one of SHA-1, SHA-384, SHA-256, SHA-512, MD5" },
      { src: "{% $hash(1, 'MD5') %}", cause: `threw an error during evaluation. T0410: Argument 1 of function "hash" does not match function signature` },
    ],
  },
  {
    what: "$random, $uuid, $parse",
    cases: [
      // java.util.Random(seed).nextDouble(), as AWS draws it.
      { src: "{% $random(42) %}", want: 0.7275636800328681 },
      { src: "{% $random(0) %}", want: 0.730967787376657 },
      { src: "{% $random(42.9) %}", want: 0.7275636800328681 },
      { src: "{% $random() %}", want: 0.5 },
      { src: "{% $uuid() %}", want: UUID },
      { src: "{% $uuid(1) %}", cause: `threw an error during evaluation. T0410: Argument 1 of function "uuid" does not match function signature` },
      { src: "{% $parse($states.input.s) %}", input: { s: "-0" }, want: 0 },
      { src: "{% $parse($states.input.s) %}", input: { s: "1.1" }, want: 1.1 },
      { src: "{% $parse($states.input.s) %}", input: { s: '"HelloWorld"' }, want: "HelloWorld" },
      { src: "{% $parse($states.input.s) %}", input: { s: '{"Arg1": 1, "Arg2": []}' }, want: { Arg1: 1, Arg2: [] } },
      { src: "{% $parse('{') %}", cause: "threw an error during evaluation. D3137: Invalid JSON" },
    ],
  },
  {
    what: "$eval is refused",
    cases: [
      { src: "{% $eval('1 + 1') %}", cause: "threw an error during evaluation. T1006: Attempted to invoke a non-function" },
      { src: "{% $eval('[1,2]', $states.input) %}", cause: "threw an error during evaluation. T1006: Attempted to invoke a non-function" },
    ],
  },
  {
    what: "$states and variables",
    cases: [
      { src: "{% $states.input.a.b %}", input: { a: { b: [1, 2] } }, want: [1, 2] },
      { src: "{% $states.context.State.Name %}", want: "S" },
      { src: "{% $x + $y.z %}", vars: { x: 1, y: { z: 2 } }, want: 3 },
      { src: "{% $exists($status) ? 'completed' : 'running' %}", vars: { status: null }, want: "completed" },
      { src: "{% $exists($status) ? 'completed' : 'running' %}", want: "running" },
      { src: "{% ($x := 5; $x * 2) %}", vars: { x: 1 }, want: 10 },
      { src: "{% $map($states.input.r, function($v) { $v = 1 ? 'pass' : 'failed' }) %}", input: { r: [1, 0] }, want: ["pass", "failed"] },
      { src: "{% $count($states.input.r[$ = 1]) %}", input: { r: [1, 0, 1] }, want: 2 },
      { src: "{% $merge([$states.input.a, $states.input.b]) %}", input: { a: { x: 1 }, b: { y: 2 } }, want: { x: 1, y: 2 } },
    ],
  },
  {
    what: "results that are not JSON",
    cases: [
      { src: "{% $doesNotExist %}", cause: "returned nothing (undefined)." },
      { src: "{% $states.input.absent %}", cause: "returned nothing (undefined)." },
      { src: "{% function($x) { $x } %}", cause: "returned an unsupported result type." },
      { src: "{% {'f': $uppercase} %}", cause: "returned an unsupported result type." },
      { src: "{% {'a': $nothing, 'b': 1} %}", want: { b: 1 } },
      { src: "{% $parse('-0') %}", want: 0 },
      // jsonata's sequences come out as plain arrays.
      { src: "{% $states.input.o.a %}", input: { o: [{ a: 1 }, { a: 2 }] }, want: [1, 2] },
    ],
  },
  {
    what: "jsonata's own errors",
    cases: [
      { src: "{% $sum('a') %}", cause: `threw an error during evaluation. T0412: Argument 1 of function "sum" must be an array of "numbers"` },
      { src: "{% 1 + 'a' %}", cause: "threw an error during evaluation. T2002: The right side of the \"+\" operator must evaluate to a number" },
      { src: "{% $error('boom') %}", cause: "threw an error during evaluation. D3137: boom" },
      { src: "{% $base64decode('!!!') %}", cause: "threw an internal error during evaluation." },
    ],
  },
  {
    what: "jsonata 2.0.6 behaviour on 1.8.7",
    cases: [
      { src: "{% $number('0x1F') %}", want: 31 },
      { src: "{% $number('0b101') %}", want: 5 },
      { src: "{% $number('0o17') %}", want: 15 },
      { src: "{% $number('12.5') %}", want: 12.5 },
      { src: "{% $number('x') %}", cause: `threw an error during evaluation. D3030: Unable to cast value to a number: "x"` },
      { src: "{% $states.input.a ~> $map(function($v) { $v })[] %}", input: { a: [1] }, want: [1] },
      { src: "{% $fromMillis(0, '[h]:[m01] [PN]') %}", want: "12:00 AM" },
      { src: "{% $fromMillis(43200000, '[h] [Pn] [[PN]]') %}", want: "12 pm [PN]" },
      // Worker-safe base64 (btoa/atob, as jsonata does in a browser).
      { src: "{% $base64encode('hello é') %}", want: "aGVsbG8g6Q==" },
      { src: "{% $base64decode('aGVsbG8g6Q==') %}", want: "hello é" },
    ],
  },
];

describe("JSONata expressions", () => {
  for (const { what, cases } of table) {
    describe(what, () => {
      for (const c of cases) {
        it(c.src, () => {
          if (c.cause === undefined) {
            expect(evaluate(c.src, c.input, c.vars)).toEqual(c.want);
          } else {
            const e = failure(() => evaluate(c.src, c.input, c.vars));
            expect(e.error).toBe("States.QueryEvaluationError");
            expect(e.cause).toBe(`The JSONata expression '${c.src.slice(2, -2).trim()}' specified for the field 'Output' ${c.cause}`);
          }
        });
      }
    });
  }

  it("names the field it sits in (recorded on AWS)", () => {
    const cases: [string, string][] = [
      ["Output", "The JSONata expression '$doesNotExist' specified for the field 'Output' returned nothing (undefined)."],
      ["Arguments/FunctionName", "The JSONata expression '$doesNotExist' specified for the field 'Arguments/FunctionName' returned nothing (undefined)."],
      ["Assign/result", "The JSONata expression '$doesNotExist' specified for the field 'Assign/result' returned nothing (undefined)."],
    ];
    for (const [field, cause] of cases) expect(failure(() => compileJsonata("{% $doesNotExist %}", field)(env())).cause).toBe(cause);
  });

  it("reads the variables and $states of each evaluation", () => {
    const g = compileJsonata("{% $states.input.n + $v %}", "Output");
    expect(g(env({ n: 1 }, { v: 10 }))).toBe(11);
    expect(g(env({ n: 2 }, { v: 20 }))).toBe(22);
    expect(compileJsonata("{% $states.result.ok %}", "Output")(env({}, {}, { result: { ok: true } }))).toBe(true);
  });

  // MAX_STEPS steps take about two seconds, more on a loaded machine: the time is not what is tested.
  it("stops an expression that never ends", { timeout: 60_000 }, () => {
    const e = failure(() => evaluate("{% ($f := function($n) { $f($n + 1) }; $f(0)) %}"));
    expect(e.error).toBe("States.QueryEvaluationError");
    expect(e.cause).toMatch(new RegExp(`exceeded the evaluation budget of ${MAX_STEPS} units of work`));
    expect(MAX_STEPS).toBeGreaterThan(100_000);
  });
});

describe("isJsonataString", () => {
  const cases: [unknown, boolean][] = [
    ["{% $x %}", true],
    ["{%$x%}", true],
    [" {% $x %}", false],
    ["{% $x %} ", false],
    ["{%}", false],
    ["$.x", false],
    [1, false],
    [null, false],
  ];
  for (const [v, want] of cases) it(JSON.stringify(v), () => expect(isJsonataString(v)).toBe(want));
});

describe("syntax errors at compile time", () => {
  const cases: [string, string, string][] = [
    ["{% a[1,2) %}", "S0202", 'Expected "]", got ","'],
    ["{% 'unterminated %}", "S0101", "String literal must be terminated by a matching quote"],
    ["{% 1 + %}", "S0207", "Unexpected end of expression"],
    ["{% %}", "S0207", "Unexpected end of expression"],
    ["{% $match('a', /abc %}", "S0302", "No terminating / in regular expression"],
  ];
  for (const [src, code, message] of cases) {
    it(src, () => {
      let err: unknown;
      try {
        compileJsonataTemplate({ a: { b: [0, src] } }, "Arguments");
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(JsonataSyntaxError);
      expect(err).toMatchObject({ code, message, field: "Arguments/a/b[1]" });
    });
  }
});

describe("templates", () => {
  it("evaluates every expression, nested in objects and arrays", () => {
    const g = compileJsonataTemplate(
      { static: "Hello", title: "{% $states.input.title %}", list: [1, "{% $n %}", { deep: "{% $n * 2 %}" }], "not-evaluated": "$n", inner: " {% $n %}" },
      "Arguments",
    );
    expect(g(env({ title: "T" }, { n: 3 }))).toEqual({ static: "Hello", title: "T", list: [1, 3, { deep: 6 }], "not-evaluated": "$n", inner: " {% $n %}" });
  });

  it("a whole-template expression is the value", () => {
    expect(compileJsonataTemplate("{% $states.input %}", "Output")(env({ a: 1 }))).toEqual({ a: 1 });
  });

  it("shares constant parts, never copies them", () => {
    const constant = { k: [1, 2, { x: "y" }] };
    const tpl = { c: constant, d: "{% 1 %}" };
    const out = compileJsonataTemplate(tpl, "Output")(env()) as JSONObject;
    expect(out.c).toBe(constant);
    expect(compileJsonataTemplate(constant, "Output")(env())).toBe(constant);
    expect(compileJsonataTemplate(7, "Output")(env())).toBe(7);
  });

  it("names nested keys and array items in causes", () => {
    const g = compileJsonataTemplate({ a: { b: [0, "{% $nope %}"] } }, "Output");
    expect(failure(() => g(env())).cause).toBe("The JSONata expression '$nope' specified for the field 'Output/a/b[1]' returned nothing (undefined).");
  });
});

describe("jsonataResultTypeError", () => {
  it("words a result of the wrong type as AWS does (recorded on AWS)", () => {
    const e = jsonataResultTypeError("{% {'foo': 'bar'} %}", "Items", "array", { foo: "bar" });
    expect(e.error).toBe("States.QueryEvaluationError");
    expect(e.cause).toBe(`The JSONata expression '{'foo': 'bar'}' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was 'object' for value: {"foo":"bar"}`);
    expect(jsonataResultTypeError("{% $ItemsVar %}", "Items", "array", null).cause).toBe(
      "The JSONata expression '$ItemsVar' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was 'null' for value: null",
    );
  });
});

describe("the data an expression reads", () => {
  it("stays as it was: jsonata's `[]` marks the arrays it selects, on a copy", () => {
    const input = { items: [1, 2], one: [5], objs: [{ a: [1] }] };
    const vars = { list: [3] };
    const e = env(input, vars);
    for (const src of ["{% $states.input.items[] %}", "{% $states.input.one[] %}", "{% $states.input.objs.a[] %}", "{% $list[] %}"]) compileJsonata(src, "Output")(e);
    expect(Object.keys(input.items)).toEqual(["0", "1"]);
    expect(Object.keys(input.one)).toEqual(["0"]);
    expect(Object.keys(input.objs[0].a)).toEqual(["0"]);
    expect(Object.keys(vars.list)).toEqual(["0"]);
    expect(compileJsonata("{% $states.input.one[] %}", "Output")(e)).toEqual([5]);
    expect(compileJsonata("{% $states.input.one %}", "Output")(e)).toEqual([5]);
  });

  it("results are plain arrays, without jsonata's flags", () => {
    const out = compileJsonata("{% $states.input.o.a[] %}", "Output")(env({ o: [{ a: 1 }] }));
    expect(out).toEqual([1]);
    expect(Object.keys(out as object)).toEqual(["0"]);
  });
});
