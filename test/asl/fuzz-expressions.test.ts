// Property-based fuzzing of the expression languages: JSONPath, intrinsic functions and JSONata, made
// from their own pieces so that most get past the parser. A path parses or throws PathSyntaxError and
// reads any JSON without throwing; an intrinsic or a JSONata expression in a state is rejected with a
// diagnostic or runs to a value or a named error (States.Runtime, States.QueryEvaluationError, ...).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compile, runLocal, validate, type JSONValue } from "../../shared/asl/index.ts";
import { compilePath, getDefinite, PathSyntaxError, queryAll } from "../../shared/asl/jsonpath/index.ts";
import { ERROR_NAME, FUZZ_TIMEOUT, fuzzParams, weirdStrings } from "./fuzz.ts";
import { T0 } from "./helpers.ts";

const data = fc.jsonValue({ maxDepth: 4 }) as fc.Arbitrary<JSONValue>;
const input = fc.oneof(data, fc.constant({ a: [1, 2, { b: "x" }], s: "a,b,c", n: 3, o: { k: [true, null] }, j: '{"x":1}' } as JSONValue));

// JSONPath: segments glued together, a few characters replaced now and then.
const pathSegment = fc.oneof(
  fc.constantFrom(".a", ".b", ".s", ".o", ".k", "['a']", "['a','b']", "[0]", "[-1]", "[1,2]", "[*]", ".*", "..a", "..*", "[0:2]", "[::2]"),
  fc.constantFrom(
    "[?(@.b)]",
    "[?(@.b == 'x')]",
    "[?(@ > 1)]",
    "[?(@.a < $.n)]",
    "[?(!@.b)]",
    "[?(@.b =~ /x.*/)]",
    "[?(@.a && @.b || @.c)]",
  ),
  fc.constantFrom(
    ".length()",
    "[",
    "]",
    "'",
    ".",
    "..",
    "[?(",
    "@",
    " ",
    "[1:",
    "[a]",
    "[?(@.b ==)]",
    "['\\u00e9']",
    "[99999999999999999999]",
  ),
  fc.string({ maxLength: 4 }).map((s) => `.${s}`),
);
const path = fc
  .tuple(fc.constantFrom("$", "$", "$", "$$", "@", "", "$x"), fc.array(pathSegment, { maxLength: 5 }))
  .map(([root, segs]) => root + segs.join(""));

// Intrinsics: a known function (or not) with arguments that are literals, paths or calls.
const FUNCTIONS = [
  "Array",
  "ArrayContains",
  "ArrayGetItem",
  "ArrayLength",
  "ArrayPartition",
  "ArrayRange",
  "ArrayUnique",
  "Base64Decode",
  "Base64Encode",
  "Format",
  "Hash",
  "JsonMerge",
  "JsonToString",
  "MathAdd",
  "MathRandom",
  "StringSplit",
  "StringToJson",
  "UUID",
  "Nope",
];
const literal = fc.oneof(
  fc.integer({ min: -5, max: 1001 }).map(String),
  fc.constantFrom(
    "1.5",
    "-0",
    "1e3",
    "null",
    "true",
    "9007199254740993",
    "'a,b'",
    "','",
    "'{}'",
    "'{\"x\":1}'",
    "'SHA-256'",
    "'MD5'",
    "'\\''",
    "'{} {}'",
    "''",
  ),
  fc.string({ maxLength: 6 }).map((s) => `'${s.replace(/['\\{}]/g, "")}'`),
);
const intrinsic: fc.Arbitrary<string> = fc.letrec<{ call: string; arg: string }>((tie) => ({
  call: fc
    .tuple(fc.constantFrom(...FUNCTIONS), fc.array(tie("arg"), { maxLength: 4 }))
    .map(([fn, args]) => `States.${fn}(${args.join(", ")})`),
  arg: fc.oneof({ depthSize: "small", withCrossShrink: true }, literal, path, tie("call")),
})).call;
const bentIntrinsic = fc.oneof(
  intrinsic,
  fc
    .tuple(intrinsic, fc.nat(60), fc.constantFrom("(", ")", ",", "'", "\\", " ", "$", ""))
    .map(([s, at, c]) => s.slice(0, at) + c + s.slice(at + 1)),
);

// JSONata: atoms and operators of the language, and the functions Step Functions adds.
const jsonataAtom = fc.oneof(
  fc.constantFrom("$states.input", "$states.input.a", "$states.input.a[0]", "$states.input.s", "$states.context.Execution.Name", "$x"),
  fc.constantFrom("1", "0", "-1", "1e308", "'a'", '"b"', "true", "null", "[1, 2, 3]", "{'k': 1}", "[]", "{}", "$"),
  fc.constantFrom("$uuid()", "$random()", "$partition([1,2,3], 2)", "$range(0, 5, 2)", "$hash('a', 'SHA-256')", "$now()", "$millis()"),
  fc.constantFrom("$parse('{\"a\":1}')", "$parse('x')", "$string($states.input)", "$count($states.input)", "$keys($states.input)"),
  fc.constantFrom(
    "$merge([{'a':1}, 2])",
    "$sum($states.input)",
    "$error('Boom')",
    "$eval('1+')",
    "$substring('abc', -1)",
    "$sort([3,1,2])",
  ),
  fc.constantFrom(
    "$random(1)",
    "$range(0, 1e9, 1)",
    "$partition([1], 0)",
    "$hash(1)",
    "$fromMillis(1e20)",
    "$toMillis('x')",
    "$number('x')",
  ),
);
const jsonata: fc.Arbitrary<string> = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    jsonataAtom,
    fc
      .tuple(
        tie("expr"),
        fc.constantFrom(" + ", " - ", " * ", " / ", " % ", " & ", " = ", " != ", " < ", " and ", " or ", " in ", ".", ".."),
        tie("expr"),
      )
      .map((p) => p.join("")),
    fc.tuple(tie("expr"), tie("expr")).map(([a, b]) => `${a}[${b}]`),
    fc.tuple(tie("expr"), tie("expr"), tie("expr")).map(([a, b, c]) => `${a} ? ${b} : ${c}`),
    tie("expr").map((a) => `($v := ${a}; $v)`),
    tie("expr").map((a) => `$map(${a}, function($i){ $i })`),
    fc.tuple(tie("expr"), fc.constantFrom("(", ")", "[", "]", "{", "'", "$", ":=", "")).map(([a, c]) => a + c),
  ),
})).expr;

/** The run of one Pass state: it ends SUCCEEDED, or FAILED with a named error. */
async function runPass(state: object, data: JSONValue, jsonataLang = false) {
  const definition = {
    ...(jsonataLang ? { QueryLanguage: "JSONata" } : {}),
    StartAt: "P",
    States: { P: { Type: "Pass", ...state, End: true } },
  };
  const v = validate(definition);
  if (!v.valid) {
    for (const d of v.diagnostics) expect(d.code).toMatch(/^[A-Z_]+$/);
    return;
  }
  const r = await runLocal(compile(definition), data, { startTime: T0 });
  expect(["SUCCEEDED", "FAILED"]).toContain(r.status);
  if (r.status === "FAILED") {
    expect(r.error).toMatch(ERROR_NAME);
    expect(r.cause ?? "").not.toMatch(/TypeError|RangeError|ReferenceError|is not a function|Cannot read propert|undefined is not/);
  }
}

describe("fuzz: expressions", () => {
  it(
    "a JSONPath parses or throws PathSyntaxError, and reads any JSON",
    () => {
      fc.assert(
        fc.property(fc.oneof(path, weirdStrings), data, (src, value) => {
          let compiled;
          try {
            compiled = compilePath(src);
          } catch (e) {
            expect(e).toBeInstanceOf(PathSyntaxError);
            return;
          }
          try {
            if (compiled.definite) getDefinite(compiled.segs, value);
            queryAll(compiled.segs, value);
          } catch (e) {
            expect(e).toBeInstanceOf(PathSyntaxError);
          }
        }),
        fuzzParams(2000),
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    "JSONPaths in InputPath, Parameters, ResultPath and OutputPath are rejected or run to a named end",
    async () => {
      await fc.assert(
        fc.asyncProperty(path, path, path, input, async (a, b, c, value) => {
          await runPass({ InputPath: a, Parameters: { "v.$": b }, ResultPath: c }, value);
          await runPass({ OutputPath: a, Result: { x: 1 }, ResultPath: b }, value);
        }),
        fuzzParams(500),
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    "intrinsic functions are rejected or run to a value or a named error",
    async () => {
      await fc.assert(
        fc.asyncProperty(bentIntrinsic, input, async (expr, value) => {
          await runPass({ Parameters: { "v.$": expr } }, value);
        }),
        fuzzParams(800),
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    "JSONata expressions are rejected or run to a value or a named error",
    async () => {
      await fc.assert(
        fc.asyncProperty(jsonata, input, async (expr, value) => {
          await runPass({ Assign: { x: `{% ${expr} %}` }, Output: `{% ${expr} %}` }, value, true);
        }),
        fuzzParams(800),
      );
    },
    FUZZ_TIMEOUT,
  );
});
