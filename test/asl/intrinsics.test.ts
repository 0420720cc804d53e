// Intrinsic functions: parser, every function, AWS's argument checks. Expected values come from
// executions recorded on AWS where one exists (LocalStack snapshots), else from the AWS docs.
import { describe, expect, it } from "vitest";
import { compileIntrinsic, INTRINSIC_ERROR, IntrinsicSyntaxError, isIntrinsic } from "../../shared/asl/intrinsics/index.ts";
import type { Getter } from "../../shared/asl/intrinsics/index.ts";
import { sha1Hex, sha256Hex } from "../../shared/asl/intrinsics/sha.ts";
import { StatesError } from "../../shared/asl/types.ts";
import type { EvalEnv, JSONValue } from "../../shared/asl/types.ts";

/** Enough of JSONPath for these tests: $, $.a.b, $.a[0], $$.x, $var.x. */
function compilePath(path: string): Getter {
  const m = /^\$(\$|[A-Za-z_][A-Za-z0-9_]*)?((?:\.[A-Za-z0-9_]+|\[\d+\])*)$/.exec(path);
  if (!m) throw new Error(`invalid path ${path}`);
  const steps = [...m[2].matchAll(/\.([A-Za-z0-9_]+)|\[(\d+)\]/g)].map((s) => s[1] ?? Number(s[2]));
  const root = m[1];
  return (env) => {
    let v: JSONValue = root === "$" ? env.context : root ? (env.vars?.[root] ?? null) : env.input;
    for (const step of steps) {
      const next = v !== null && typeof v === "object" ? (v as Record<string, JSONValue>)[step] : undefined;
      if (next === undefined) throw new StatesError("States.Runtime", `The JsonPath argument ${path} could not be found`);
      v = next;
    }
    return v;
  };
}

function env(input: JSONValue = {}, extra: Partial<EvalEnv> = {}): EvalEnv {
  return {
    input,
    context: { Execution: { Id: "arn:aws:states:us-east-1:111111111111:execution:sm:run-1", Input: input }, StateMachine: { Id: "arn:sm", Name: "sm-one-two" } },
    random: () => 0.5,
    uuid: () => "6f2f4a1e-52a4-4d8a-9b16-2bd1e0c3a9f7",
    ...extra,
  };
}

const evaluate = (expr: string, input?: JSONValue, extra?: Partial<EvalEnv>) => compileIntrinsic(expr, compilePath)(env(input, extra));

interface Case {
  expr: string;
  input?: JSONValue;
  want?: JSONValue;
  /** Fails at run time with States.Runtime "Invalid arguments in <fn>". */
  fails?: boolean;
}

const table: { fn: string; cases: Case[] }[] = [
  {
    fn: "States.Format",
    cases: [
      { expr: "States.Format('Formatting argument {}.', $.v)", input: { v: "HelloWorld" }, want: "Formatting argument HelloWorld." },
      { expr: "States.Format('Formatting argument {}.', $.v)", input: { v: null }, want: "Formatting argument null." },
      { expr: "States.Format('{} {} {}', $.a, $.b, $.c)", input: { a: 1, b: 1.1, c: true }, want: "1 1.1 true" },
      // An object prints like a Java Map (recorded on AWS).
      { expr: "States.Format('fst={}', $.o)", input: { o: { Arg1: 1, Arg2: [] } }, want: "fst={Arg1=1, Arg2=[]}" },
      { expr: "States.Format('{}', $.a)", input: { a: ["x", 1, null, { k: "v" }] }, want: "[x, 1, null, {k=v}]" },
      { expr: "States.Format('{}|{}', $.big, $.tiny)", input: { big: 9007199254740991, tiny: 0.00001 }, want: "9007199254740991|1.0E-5" },
      { expr: "States.Format('Hello, \\{\\}! This is a \\{\\}.')", want: "Hello, {}! This is a {}." },
      { expr: "States.Format('Name: \\'{}\\', Surname: \"{}\"', $.n, $.s)", input: { n: "Gabriel", s: "Moreira" }, want: "Name: 'Gabriel', Surname: \"Moreira\"" },
      { expr: "States.Format('back\\\\slash {}', 'x')", want: "back\\slash x" },
      { expr: "States.Format('Format:{}', 101)", want: "Format:101" },
      { expr: "States.Format($.t, $.n)", input: { t: "Hello {}", n: "Ada" }, want: "Hello Ada" },
      // A template computed by a nested call is read like one from a path: its "{}" is a placeholder.
      { expr: "States.Format(States.Format('{}\\{\\}', 'a'), 'b')", want: "ab" },
      { expr: "States.Format('no placeholders')", want: "no placeholders" },
      { expr: "States.Format('Hello, {}! This is a {}.', 'world')", fails: true },
      { expr: "States.Format('Hello, {}!', 'world', 'extra')", fails: true },
      { expr: "States.Format('Hello {', 'x')", fails: true },
      { expr: "States.Format('Hello {{}}', 'x')", fails: true },
      { expr: "States.Format('}')", fails: true },
      { expr: "States.Format(false, 'world')", fails: true },
      { expr: "States.Format($.t)", input: { t: 123 }, fails: true },
      { expr: "States.Format()", fails: true },
    ],
  },
  {
    fn: "States.StringToJson",
    cases: [
      { expr: "States.StringToJson($.s)", input: { s: '{"Arg1": 1, "Arg2": []}' }, want: { Arg1: 1, Arg2: [] } },
      { expr: "States.StringToJson($.s)", input: { s: "" }, want: null },
      { expr: "States.StringToJson($.s)", input: { s: " " }, want: null },
      { expr: "States.StringToJson($.s)", input: { s: "-0" }, want: 0 },
      { expr: "States.StringToJson($.s)", input: { s: '"HelloWorld"' }, want: "HelloWorld" },
      { expr: "States.StringToJson('{\"a\": [1, true]}')", want: { a: [1, true] } },
      { expr: "States.StringToJson($.s)", input: { s: "{not json" }, fails: true },
      { expr: "States.StringToJson(false)", fails: true },
      { expr: "States.StringToJson('1', '2')", fails: true },
    ],
  },
  {
    fn: "States.JsonToString",
    cases: [
      { expr: "States.JsonToString($.v)", input: { v: { Arg1: 1, Arg2: [] } }, want: '{"Arg1":1,"Arg2":[]}' },
      { expr: "States.JsonToString($.v)", input: { v: [1, 2, "HelloWorld"] }, want: '[1,2,"HelloWorld"]' },
      { expr: "States.JsonToString($.v)", input: { v: "HelloWorld" }, want: '"HelloWorld"' },
      { expr: "States.JsonToString($.v)", input: { v: null }, want: "null" },
      { expr: "States.JsonToString($.v)", input: { v: 1.1 }, want: "1.1" },
      { expr: "States.JsonToString($.v)", input: { v: 1e-7 }, want: "1.0E-7" },
      { expr: "States.JsonToString($.v)", input: { v: 'quote " and \n' }, want: '"quote \\" and \\n"' },
    ],
  },
  {
    fn: "States.Array",
    cases: [
      { expr: "States.Array()", want: [] },
      { expr: "States.Array(1, 2.5, -3, true, false, null, 'string', $.p)", input: { p: { a: 1 } }, want: [1, 2.5, -3, true, false, null, "string", { a: 1 }] },
      { expr: "States.Array( $.a , States.Array($.a) )", input: { a: "x" }, want: ["x", ["x"]] },
      { expr: "States.Array(1e3, -0)", want: [1000, 0] },
    ],
  },
  {
    fn: "States.ArrayPartition",
    cases: [
      { expr: "States.ArrayPartition($.a, 2)", input: { a: [0, 1, 2, 3, 4] }, want: [[0, 1], [2, 3], [4]] },
      { expr: "States.ArrayPartition($.a, 5)", input: { a: [0, 1] }, want: [[0, 1]] },
      { expr: "States.ArrayPartition($.a, 1)", input: { a: [] }, want: [] },
      { expr: "States.ArrayPartition($.a, 2.6)", input: { a: [1, 2, 3, 4, 5] }, want: [[1, 2], [3, 4], [5]] },
      { expr: "States.ArrayPartition($.a, 0)", input: { a: [1] }, fails: true },
      { expr: "States.ArrayPartition($.a, 0.6)", input: { a: [1] }, fails: true },
      { expr: "States.ArrayPartition($.a, -1)", input: { a: [1] }, fails: true },
      { expr: "States.ArrayPartition($.a, '2')", input: { a: [1] }, fails: true },
      { expr: "States.ArrayPartition($.a, null)", input: { a: [1] }, fails: true },
      { expr: "States.ArrayPartition('not-array', 2)", fails: true },
    ],
  },
  {
    fn: "States.ArrayContains",
    cases: [
      { expr: "States.ArrayContains($.a, $.v)", input: { a: [[1, 2, 3], 2], v: [1, 2, 3] }, want: true },
      { expr: "States.ArrayContains($.a, $.v)", input: { a: [{ 1: 2, 2: [] }], v: [] }, want: false },
      { expr: "States.ArrayContains($.a, $.v)", input: { a: [{ 1: 2, 2: [] }], v: { 1: 2, 2: [] } }, want: true },
      { expr: "States.ArrayContains($.a, $.v)", input: { a: [], v: null }, want: false },
      { expr: "States.ArrayContains($.a, false)", input: { a: [true, false] }, want: true },
      { expr: "States.ArrayContains($.a, null)", input: { a: [1, null] }, want: true },
      { expr: "States.ArrayContains($.a, false)", input: { a: [0, 1, -1] }, want: false },
      // AWS compares Java text: key order counts, "true" equals true.
      { expr: "States.ArrayContains($.a, $.v)", input: { a: [{ a: 1, b: 2 }], v: { b: 2, a: 1 } }, want: false },
      { expr: "States.ArrayContains($.a, true)", input: { a: ["true"] }, want: true },
      { expr: "States.ArrayContains('not-array', 'x')", fails: true },
      { expr: "States.ArrayContains($.a)", input: { a: [1] }, fails: true },
    ],
  },
  {
    fn: "States.ArrayRange",
    cases: [
      { expr: "States.ArrayRange(0, 10, 3)", want: [0, 3, 6, 9] },
      { expr: "States.ArrayRange(1, 9, 2)", want: [1, 3, 5, 7, 9] },
      { expr: "States.ArrayRange(9, 1, -2)", want: [9, 7, 5, 3, 1] },
      { expr: "States.ArrayRange(-9, -1, -2)", want: [] },
      { expr: "States.ArrayRange(3, 3, -1)", want: [3] },
      { expr: "States.ArrayRange(1.6, 1.4, 1)", want: [1] }, // AWS cuts fractions toward zero
      { expr: "States.ArrayRange(5.4, -0.6, -2.4)", want: [5, 3, 1] },
      { expr: "States.ArrayRange(1, 10, 0)", fails: true },
      { expr: "States.ArrayRange(1, 10, 0.49)", fails: true },
      { expr: "States.ArrayRange(1, 1001, 1)", fails: true },
      { expr: "States.ArrayRange(1001, 1, -1)", fails: true },
      { expr: "States.ArrayRange('a', 5, 1)", fails: true },
      { expr: "States.ArrayRange(1, 5)", fails: true },
    ],
  },
  {
    fn: "States.ArrayGetItem",
    cases: [
      { expr: "States.ArrayGetItem($.a, 5)", input: { a: [1, 2, 3, 4, 5, 6, 7, 8, 9] }, want: 6 },
      { expr: "States.ArrayGetItem($.a, 1.2)", input: { a: [10, 20, 30] }, want: 20 },
      { expr: "States.ArrayGetItem($.a, 999)", input: { a: [] }, want: null },
      { expr: "States.ArrayGetItem(States.StringSplit($$.StateMachine.Name, '-'), 0)", want: "sm" },
      { expr: "States.ArrayGetItem($.a, 3)", input: { a: [10, 20, 30] }, fails: true },
      { expr: "States.ArrayGetItem($.a, -1)", input: { a: [10, 20, 30] }, fails: true },
      { expr: "States.ArrayGetItem($.a, '1')", input: { a: [10, 20, 30] }, fails: true },
      { expr: "States.ArrayGetItem('not-array', 0)", fails: true },
    ],
  },
  {
    fn: "States.ArrayLength",
    cases: [
      { expr: "States.ArrayLength($.a)", input: { a: [1, [2, 3], { b: 4 }] }, want: 3 },
      { expr: "States.ArrayLength(States.Array())", want: 0 },
      { expr: "States.ArrayLength($.a)", input: { a: { k: 1 } }, fails: true },
    ],
  },
  {
    fn: "States.ArrayUnique",
    cases: [
      {
        expr: "States.ArrayUnique($.a)",
        input: { a: [1, 2, 2, null, null, true, true, 5.67, 5.6, "1", "hello", "hello", [1, 2], [1, 2], { a: 1, b: 2 }, { b: 2, a: 1 }] },
        want: [1, 2, null, true, 5.67, 5.6, "1", "hello", [1, 2], { a: 1, b: 2 }],
      },
      { expr: "States.ArrayUnique($.a)", input: { a: "not an array" }, fails: true },
    ],
  },
  {
    fn: "States.Base64Encode",
    cases: [
      { expr: "States.Base64Encode($.s)", input: { s: "Data to encode" }, want: "RGF0YSB0byBlbmNvZGU=" },
      { expr: "States.Base64Encode('')", want: "" },
      { expr: "States.Base64Encode($.s)", input: { s: "こんにちは" }, want: "44GT44KT44Gr44Gh44Gv" },
      { expr: "States.Base64Encode('🚀')", want: "8J+agA==" },
      { expr: "States.Base64Encode($.s)", input: { s: "a".repeat(10000) }, want: "YWFh".repeat(3333) + "YQ==" },
      { expr: "States.Base64Encode($.s)", input: { s: "a".repeat(10001) }, fails: true },
      { expr: "States.Base64Encode(123)", fails: true },
      { expr: "States.Base64Encode(false)", fails: true },
    ],
  },
  {
    fn: "States.Base64Decode",
    cases: [
      { expr: "States.Base64Decode($.s)", input: { s: "RGF0YSB0byBlbmNvZGU=" }, want: "Data to encode" },
      { expr: "States.Base64Decode('')", want: "" },
      { expr: "States.Base64Decode('4pyT')", want: "✓" },
      { expr: "States.Base64Decode('YWJjAGRlZg==')", want: "abc\u0000def" },
      // Lenient like AWS: no padding, stray spaces, stop at the first '='.
      { expr: "States.Base64Decode('YWJjZA')", want: "abcd" },
      { expr: "States.Base64Decode(' YWJjZA== ')", want: "abcd" },
      { expr: "States.Base64Decode('ab==cd')", want: "i" },
      { expr: "States.Base64Decode($.s)", input: { s: "A".repeat(10001) }, fails: true },
      { expr: "States.Base64Decode(false)", fails: true },
    ],
  },
  {
    fn: "States.Hash",
    cases: [
      { expr: "States.Hash('input data', 'MD5')", want: "812f45842bc6d66ee14572ce20db8e86" },
      { expr: "States.Hash('input data', 'SHA-1')", want: "aaff4a450a104cd177d28d18d74485e8cae074b7" },
      { expr: "States.Hash('input data', 'SHA-256')", want: "b4a697a057313163aee33cd8d40c66e9f0f177e00cac2de32475ffff6169c3e3" },
      {
        expr: "States.Hash('input data', 'SHA-384')",
        want: "d28a7d5cf25a74f11a50a18452b75e04bb3d70c9dd0510d6123aa008c756511b87525bdc835ebb27e1fb9e9374a15562",
      },
      {
        expr: "States.Hash('hello', 'SHA-512')",
        want: "9b71d224bd62f3785d96d46ad3ea3d73319bfbc2890caadae2dff72519673ca72323c3d99ba5c11d7c7acc6e14b8c5da0c4663475c2e5c3adef46f73bcdec043",
      },
      { expr: "States.Hash('', 'SHA-256')", want: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
      { expr: "States.Hash('🚀', 'SHA-256')", want: "ebbc0b2870eb323f2b6cffa5c493ceef81ae7eb36afc73d4e0367301631daec5" },
      { expr: "States.Hash($.s, 'MD5')", input: { s: "abc\u0000def" }, want: "a5e4d5963ae44c1f4bfb37b1a3d55a3c" },
      { expr: "States.Hash(States.Format('{}:{}', $.a, $.b), 'SHA-256')", input: { a: "x", b: "y" }, want: "1274e286686b54fe765ec40735665b4bf789cee2a5b22124c5e0491a88e15271" },
      { expr: "States.Hash($.s, 'SHA-256')", input: { s: "a".repeat(10001) }, fails: true },
      { expr: "States.Hash('data', 'sha-256')", fails: true },
      { expr: "States.Hash('data', 'SHA-200')", fails: true },
      { expr: "States.Hash('data', 123)", fails: true },
      { expr: "States.Hash(false, 'MD5')", fails: true },
      { expr: "States.Hash('hello')", fails: true },
    ],
  },
  {
    fn: "States.JsonMerge",
    cases: [
      {
        expr: "States.JsonMerge($.a, $.b, false)",
        input: { a: { a: { a1: 1, a2: 2 }, b: 2, d: 3 }, b: { a: { a3: 1, a4: 2 }, c: 3, d: 4 } },
        want: { a: { a3: 1, a4: 2 }, b: 2, d: 4, c: 3 },
      },
      {
        expr: "States.JsonMerge(States.StringToJson('{\"constant_in_literal\": \"false\"}'), $$.Execution.Input.f, false)",
        input: { f: { constant_input_field: "constant_value" } },
        want: { constant_in_literal: "false", constant_input_field: "constant_value" },
      },
      { expr: "States.JsonMerge($.a, $.b, true)", input: { a: {}, b: {} }, fails: true },
      { expr: "States.JsonMerge($.a, $.b, 'false')", input: { a: {}, b: {} }, fails: true },
      { expr: "States.JsonMerge($.a, $.b, false)", input: { a: [], b: {} }, fails: true },
      { expr: "States.JsonMerge($.a, $.b, false)", input: { a: {}, b: "x" }, fails: true },
    ],
  },
  {
    fn: "States.MathAdd",
    cases: [
      { expr: "States.MathAdd(3, 7)", want: 10 },
      { expr: "States.MathAdd(-9, 3)", want: -6 },
      // Each argument rounded like Java's Math.round (recorded on AWS).
      { expr: "States.MathAdd(1.5, 1.51)", want: 4 },
      { expr: "States.MathAdd(-1.5, -1.51)", want: -3 },
      { expr: "States.MathAdd(2.5, 0)", want: 3 },
      { expr: "States.MathAdd(-2.5, 0)", want: -2 },
      { expr: "States.MathAdd(-0.5, 0)", want: 0 },
      { expr: "States.MathAdd(States.MathAdd($.a, 1), -1)", input: { a: 41 }, want: 41 },
      { expr: "States.MathAdd('not a number', 7)", fails: true },
      { expr: "States.MathAdd(3, null)", fails: true },
      { expr: "States.MathAdd(2147483648, 0)", fails: true },
    ],
  },
  {
    fn: "States.MathRandom",
    cases: [
      { expr: "States.MathRandom(1, 999)", want: 500 }, // env.random() is 0.5 here
      { expr: "States.MathRandom(1.6, 5.4)", want: 3 },
      { expr: "States.MathRandom(0, 10, 42)", want: 0 }, // java.util.Random(42).nextInt(10)
      { expr: "States.MathRandom(1, 1)", fails: true },
      { expr: "States.MathRandom(10, 5)", fails: true },
      { expr: "States.MathRandom(1.4, 1.6)", fails: true },
      { expr: "States.MathRandom('a', 10)", fails: true },
      { expr: "States.MathRandom(1, 10, null)", fails: true },
      { expr: "States.MathRandom(1)", fails: true },
    ],
  },
  {
    fn: "States.StringSplit",
    cases: [
      { expr: "States.StringSplit($.s, ',')", input: { s: "1,2,3,4,5" }, want: ["1", "2", "3", "4", "5"] },
      { expr: "States.StringSplit($.s, '.+,=')", input: { s: "This.is+a,test=string" }, want: ["This", "is", "a", "test", "string"] },
      { expr: "States.StringSplit($.s, ',')", input: { s: ", , ," }, want: [" ", " "] },
      { expr: "States.StringSplit($.s, ',')", input: { s: ",,,," }, want: [] },
      { expr: "States.StringSplit($.s, 'T\n')", input: { s: "split on T and \nnew line" }, want: ["split on ", " and ", "new line"] },
      { expr: "States.StringSplit('Hello\nWorld', '\n')", want: ["Hello", "World"] },
      { expr: "States.StringSplit(false, ',')", fails: true },
      { expr: "States.StringSplit('a,b', false)", fails: true },
    ],
  },
  {
    fn: "States.UUID",
    cases: [
      { expr: "States.UUID()", want: "6f2f4a1e-52a4-4d8a-9b16-2bd1e0c3a9f7" },
      { expr: "States.UUID(1)", fails: true },
    ],
  },
];

for (const { fn, cases } of table) {
  describe(fn, () => {
    for (const c of cases) {
      it(`${c.expr}${c.fails ? " fails" : ""}`, () => {
        const get = compileIntrinsic(c.expr, compilePath);
        if (c.fails) {
          let err: unknown;
          try {
            get(env(c.input));
          } catch (e) {
            err = e;
          }
          expect(err).toBeInstanceOf(StatesError);
          expect((err as StatesError).error).toBe(INTRINSIC_ERROR);
          expect((err as StatesError).cause).toBe(`Invalid arguments in ${fn}`);
        } else {
          expect(get(env(c.input))).toStrictEqual(c.want);
        }
      });
    }
  });
}

describe("syntax, checked when the definition is compiled", () => {
  const bad: { expr: string; why: RegExp }[] = [
    { expr: "States.Array(", why: /Missing argument/ },
    { expr: "States.ArrayLength($.arr", why: /Missing '\)'/ },
    { expr: "States.Array($.a) trailing", why: /after the closing parenthesis/ },
    { expr: "States.Array([1,2])", why: /Unexpected "\["/ },
    { expr: "States.Array(1.)", why: /Malformed number/ },
    { expr: "States.Array(.5)", why: /Unexpected "\."/ },
    { expr: "States.ArrayGetItem($.arr, )", why: /Missing argument/ },
    { expr: "States.JsonMerge(\"not an object\", $.b, false)", why: /single quotes/ },
    { expr: "States.Base64Decode('YWJj\\nZA==')", why: /Unsupported escape/ },
    { expr: "States.Format('unterminated)", why: /Unterminated string/ },
    { expr: "States.format('{}', 1)", why: /Unknown intrinsic function States\.format/ },
    { expr: "States.Nope()", why: /Unknown intrinsic function States\.Nope/ },
    { expr: "States.Array(TRUE)", why: /Unexpected "T"/ },
    { expr: "States.Array($.a b)", why: /Expected ',' or '\)'/ },
    { expr: "States.Array($.a[0)", why: /Unterminated '\['/ },
    { expr: "States.Array($.a.!)", why: /Invalid path \$\.a\.!/ },
  ];
  for (const { expr, why } of bad) {
    it(`rejects ${expr}`, () => {
      expect(() => compileIntrinsic(expr, compilePath)).toThrow(IntrinsicSyntaxError);
      expect(() => compileIntrinsic(expr, compilePath)).toThrow(why);
    });
  }

  it("accepts paths of every kind and nested calls", () => {
    const input = { a: [{ b: "x" }] };
    const vars = { greeting: "hi" };
    expect(evaluate("States.Array($, $.a[0].b, $$.StateMachine.Name, $greeting)", input, { vars })).toStrictEqual([input, "x", "sm-one-two", "hi"]);
  });

  it("reports path failures from the path getter unchanged", () => {
    expect(() => evaluate("States.Base64Encode($.missing)", {})).toThrow(/could not be found/);
  });
});

describe("isIntrinsic", () => {
  it.each([
    ["States.Format('{}', $.a)", true],
    ["States.UUID()", true],
    ["States.Array ()", true],
    ["$.States.Format", false],
    ["States.Format", false],
    ["States.(", false],
    [" States.Array()", false],
  ])("%s -> %s", (s, want) => {
    expect(isIntrinsic(s)).toBe(want);
  });
});

describe("evaluation", () => {
  it("never modifies its arguments (JsonMerge, ArrayPartition, ArrayUnique)", () => {
    const input = { a: { x: 1, n: { y: 2 } }, b: { x: 2 }, list: [3, 1, 3] };
    const before = structuredClone(input);
    const merged = evaluate("States.JsonMerge($.a, $.b, false)", input) as Record<string, JSONValue>;
    evaluate("States.ArrayPartition($.list, 2)", input);
    evaluate("States.ArrayUnique($.list)", input);
    expect(input).toStrictEqual(before);
    expect(merged).toStrictEqual({ x: 2, n: { y: 2 } });
    expect(merged).not.toBe(input.a);
  });

  it("gives a fresh array on every evaluation", () => {
    const get = compileIntrinsic("States.Array(1, 2)", compilePath);
    const first = get(env()) as JSONValue[];
    first.push(3);
    expect(get(env())).toStrictEqual([1, 2]);
  });

  it("takes randomness and UUIDs from the host only", () => {
    let calls = 0;
    const get = compileIntrinsic("States.Array(States.MathRandom(0, 100), States.UUID())", compilePath);
    const out = get(env({}, { random: () => (calls++, 0.25), uuid: () => "u-1" }));
    expect(out).toStrictEqual([25, "u-1"]);
    expect(calls).toBe(1);
  });

  it("repeats a seeded MathRandom", () => {
    const a = evaluate("States.MathRandom(0, 999, 3)");
    expect(evaluate("States.MathRandom(0, 999, 3)")).toBe(a);
    expect(a).toBe(239); // java.util.Random(3).nextInt(999)
  });

  it("compiles once and evaluates many times", () => {
    const get = compileIntrinsic("States.Format('{}-{}', $.a, States.MathAdd($.n, 1))", compilePath);
    for (let n = 0; n < 1000; n++) expect(get(env({ a: "x", n }))).toBe(`x-${n + 1}`);
  });
});

describe("digests, UTF-8 and Base64 against the platform's", () => {
  // A fixed-seed generator (xorshift32), so a failure repeats.
  let seed = 0x9e3779b9;
  const next = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 0x100000000;
  };
  const kinds: ((r: number) => string)[] = [
    (r) => String.fromCharCode(32 + Math.floor(r * 95)), // ASCII
    (r) => String.fromCharCode(Math.floor(r * 256)), // Latin-1
    (r) => String.fromCharCode(Math.floor(r * 0x10000)), // BMP, lone surrogates included
    (r) => (r < 0.5 ? String.fromCodePoint(0x10000 + Math.floor(r * 0x1fffff) % 0xfffff) : String.fromCharCode(0x80 + Math.floor(r * 0x780))), // astral and 2-byte
    (r) => ["\ud800", "\udfff", "a", "é", "😀", "\u0000", "€", "\udc00\ud800"][Math.floor(r * 8)], // surrogate edge cases
  ];
  // Around the 64- and 128-byte block edges, and several blocks.
  const lengths = [0, 1, 2, 3, 17, 54, 55, 56, 57, 63, 64, 65, 111, 112, 113, 127, 128, 129, 300, 2500];
  const strings: string[] = [];
  for (const kind of kinds) {
    for (const n of lengths) {
      let s = "";
      for (let i = 0; i < n; i++) s += kind(next());
      strings.push(s);
    }
  }

  const toBase64 = (bytes: Uint8Array) => {
    let binary = "";
    for (const b of bytes) binary += String.fromCharCode(b);
    return btoa(binary);
  };
  const hex = (buf: ArrayBuffer) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, "0")).join("");

  it("hashes the UTF-8 bytes TextEncoder gives (SHA, checked with WebCrypto)", async () => {
    const algorithms = ["SHA-1", "SHA-256", "SHA-384", "SHA-512"];
    const getters = algorithms.map((name) => compileIntrinsic(`States.Hash($.s, '${name}')`, compilePath));
    const dynamic = compileIntrinsic("States.Hash($.s, $.a)", compilePath);
    for (const s of strings) {
      const bytes = new TextEncoder().encode(s);
      for (let i = 0; i < algorithms.length; i++) {
        const want = hex(await crypto.subtle.digest(algorithms[i], bytes));
        expect(getters[i](env({ s })), `${algorithms[i]} of ${JSON.stringify(s)}`).toBe(want);
        expect(dynamic(env({ s, a: algorithms[i] }))).toBe(want);
      }
    }
  });

  it("SHA-1 and SHA-256 of a buffer with no room for the padding (copied) or with bytes after the message", async () => {
    for (const n of [0, 1, 55, 56, 63, 64, 65, 119, 120, 1000]) {
      const message = new Uint8Array(n).map((_, i) => (i * 131 + 7) & 255);
      const want1 = hex(await crypto.subtle.digest("SHA-1", message));
      const want256 = hex(await crypto.subtle.digest("SHA-256", message));
      // exactly the message: padded in a copy, the caller's bytes untouched
      const tight = message.slice();
      expect(sha1Hex(tight, n), `SHA-1, ${n} bytes`).toBe(want1);
      expect(sha256Hex(tight, n), `SHA-256, ${n} bytes`).toBe(want256);
      expect(tight).toEqual(message);
      // every amount of room after the message (padded in a copy or in place), holding other bytes: only the first n count
      for (let spare = 0; spare <= 80; spare++) {
        const roomy = new Uint8Array(n + spare).fill(0xee);
        roomy.set(message);
        expect(sha1Hex(roomy, n), `SHA-1, ${n} bytes, ${spare} after`).toBe(want1);
        expect(sha256Hex(roomy.fill(0xee, n), n), `SHA-256, ${n} bytes, ${spare} after`).toBe(want256);
      }
    }
  });

  it.each([
    ["é".repeat(27), "e28696afa26a51e0ca39fa166b80fde8"],
    ["😀".repeat(14), "352f4863dca8cae0e6c9c3f514de0fbc"],
    ["a\ud800b\udc00".repeat(20), "90dfe90d5671ba8c576ad9d02b11973e"],
    ["x".repeat(119), "ab347a5f68c8a443cfcddc633f12c24f"],
    ["€".repeat(100), "66d226eeb1b67b94688f7b0dcb3b0db1"],
  ])("MD5 of non-ASCII and multi-block text (%#)", (s, want) => {
    expect(evaluate("States.Hash($.s, 'MD5')", { s })).toBe(want);
  });

  // Fixed digests (from `node:crypto`), so that a change of hash implementation cannot change an output.
  const KNOWN: ReadonlyArray<readonly [string, string, string]> = [
    ["Grüße, 世界 🚀", "MD5", "1a8d673a503ec1d34d27d68d14a2ddfc"],
    ["Grüße, 世界 🚀", "SHA-1", "f1939a633e90f0e97d985275a6d63671e41e4b3e"],
    ["Grüße, 世界 🚀", "SHA-256", "8c2b45e90ef7eb5d89abaaafda68acdc5eab53904db1d0dc345b8491662e5f41"],
    ["Grüße, 世界 🚀", "SHA-384", "74a2e707ff857dafa25bcca530dac08cb8d36cb77f45b00aade7c943f8da2c451dbe6192b0bfa561bda266d0dc5c7003"],
    [
      "Grüße, 世界 🚀",
      "SHA-512",
      "c8afc6a63b3b3d48e1f502025f721ef9cd3f5b67d5f8787b8f952c469e7cc5e85d4e85589b3a65358eabfffa55c342925edb7a2fd9de0e5d9c5ade401ca5f926",
    ],
    // A lone surrogate hashes as U+FFFD (EF BF BD), as TextEncoder writes it.
    ["a\ud800b", "MD5", "ff6405018d5ab2642e35fdba389b7c51"],
    ["a\ud800b", "SHA-1", "c3693aea616c886c93746deab3d42921ca20f04e"],
    ["a\ud800b", "SHA-256", "05087813392efc16fe8ff448920c6328e53af865df39419436659d9ffda90f7b"],
    ["a\ud800b", "SHA-384", "1b24a914be7fb0909203757fe7132d45dd0e4c4da229b97a8f620c9a8c0b1759075f58dc45232bde557b7ef75436799e"],
    [
      "a\ud800b",
      "SHA-512",
      "4d7fdee3b9f28d2289f1db90ee2ccab287d70a099bb4e91d255687a9971b58d343ebcf824b75e79909823244c7ccded8f22b41c3699b3bb531bcc0ae44ae2a2a",
    ],
  ];

  it.each(KNOWN)("States.Hash(%j, %s) is a known digest, with the algorithm fixed or read", (s, algorithm, want) => {
    expect(evaluate(`States.Hash($.s, '${algorithm}')`, { s })).toBe(want);
    expect(evaluate("States.Hash($.s, $.a)", { s, a: algorithm })).toBe(want);
  });

  it("limits States.Hash to 10,000 characters (UTF-16 units), not bytes", () => {
    expect(evaluate("States.Hash($.s, 'SHA-256')", { s: "é".repeat(10000) })).toBe("3877d08990923f37e0442507f6aca03d1cc011fc4bb6860762f9cf0db0d13deb");
    expect(evaluate("States.Hash($.s, 'MD5')", { s: "🚀".repeat(5000) })).toBe("0ee777cda0057bb9b88821cb9db53443");
    expect(() => evaluate("States.Hash($.s, 'MD5')", { s: "é".repeat(10001) })).toThrow(StatesError);
    expect(() => evaluate("States.Hash($.s, $.a)", { s: "🚀".repeat(5001), a: "MD5" })).toThrow(StatesError);
  });

  it("encodes and decodes Base64 like btoa and TextDecoder", () => {
    const encode = compileIntrinsic("States.Base64Encode($.s)", compilePath);
    const decode = compileIntrinsic("States.Base64Decode($.s)", compilePath);
    for (const s of strings) {
      const bytes = new TextEncoder().encode(s);
      const b64 = toBase64(bytes);
      expect(encode(env({ s })), JSON.stringify(s)).toBe(b64);
      if (b64.length <= 10000) expect(decode(env({ s: b64 }))).toBe(new TextDecoder().decode(bytes));
    }
    // Bytes that are not UTF-8 read as TextDecoder reads them.
    for (const n of [1, 2, 3, 40, 300]) {
      const bytes = new Uint8Array(n);
      for (let i = 0; i < n; i++) bytes[i] = Math.floor(next() * 256);
      expect(decode(env({ s: toBase64(bytes) }))).toBe(new TextDecoder().decode(bytes));
    }
  });

  it("hashes and prints objects with Java numbers anywhere inside", () => {
    const v = { a: 1e-7, b: [0.0001, 1e21, 12345678.5, -0], c: { d: 1.5, e: "x" } };
    const text = '{"a":1.0E-7,"b":[1.0E-4,1000000000000000000000,1.23456785E7,0],"c":{"d":1.5,"e":"x"}}';
    expect(evaluate("States.JsonToString($.v)", { v })).toBe(text);
    expect(evaluate("States.Hash($.v, 'SHA-256')", { v })).toBe("9f4f1754263e94daf13a660458f9ca44e071c5aeb0775ceec5e87b05a8dd3026");
    expect(evaluate("States.JsonToString($.v)", { v: { a: [1, 2.5, "é"], b: { c: null, d: true } } })).toBe('{"a":[1,2.5,"é"],"b":{"c":null,"d":true}}');
    // one Java number alone, in an array, in an object, deeper: each sends the whole value down Java's printing
    const cases: [JSONValue, string][] = [
      [[1, 1e21], "[1,1000000000000000000000]"],
      [{ x: "s", y: [0.5, 1e-4] }, '{"x":"s","y":[0.5,1.0E-4]}'],
      [[["a", 12345678.5]], '[["a",1.23456785E7]]'],
      [{ a: { b: true, c: -1e-5 } }, '{"a":{"b":true,"c":-1.0E-5}}'],
      [[null, { d: [2e-9] }], '[null,{"d":[2.0E-9]}]'],
    ];
    for (const [v, text] of cases) expect(evaluate("States.JsonToString($.v)", { v })).toBe(text);
  });

  it("keeps first occurrences in ArrayUnique, short and long arrays alike", () => {
    const short = [1, "1", 1, { a: 1, b: 2 }, { b: 2, a: 1 }, [1], [1], null, null, true];
    const want = [1, "1", { a: 1, b: 2 }, [1], null, true];
    expect(evaluate("States.ArrayUnique($.a)", { a: short })).toStrictEqual(want);
    expect(evaluate("States.ArrayUnique($.a)", { a: [...short, ...short, ...short] })).toStrictEqual(want);
  });
});
