// Issue 14, item 1: no pattern match is super-linear, and one JSONata evaluation has a work budget.
// The adversarial inputs are sized so that the backtracking code this replaces would run for hours
// (its cost grew with the square of the length for "*@*.*", with the fifth power for six stars, and
// doubled per character for (a+)+$): the tests assert results and named errors, never times.
import fc from "fast-check";
import jsonata from "jsonata";
import { describe, expect, it } from "vitest";
import { DefinitionError, type JSONValue } from "../../shared/asl/index.ts";
import { compileWildcard, wildcardPieces } from "../../shared/asl/eval/wildcard.ts";
import { compileRegex, LinearRegExp, UnsupportedRegexError } from "../../shared/asl/eval/regex.ts";
import { budgetSpent } from "../../shared/asl/jsonata/budget.ts";
import { compileJsonata, MAX_STEPS } from "../../shared/asl/jsonata/index.ts";
import { compilePath, PathSyntaxError, queryAll } from "../../shared/asl/jsonpath/index.ts";
import { StatesError } from "../../shared/asl/types.ts";
import { machine, run } from "./helpers.ts";

/** The StringMatches test this engine used before: a backtracking RegExp (fine for short strings). */
function oldWildcard(pattern: string): (s: string) => boolean {
  let re = "^";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "\\" && i + 1 < pattern.length) re += pattern[++i].replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    else if (c === "*") re += "[\\s\\S]*";
    else re += c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  }
  const rx = new RegExp(re + "$");
  return (s) => rx.test(s);
}

async function choose(pattern: string, v: string) {
  const r = await run(
    {
      C: { Type: "Choice", Choices: [{ Variable: "$.v", StringMatches: pattern, Next: "Yes" }], Default: "No" },
      Yes: { Type: "Pass", Result: "yes", End: true },
      No: { Type: "Pass", Result: "no", End: true },
    },
    { v },
  );
  return r.status === "SUCCEEDED" ? r.output : `${r.error}`;
}

describe("StringMatches: a linear wildcard matcher", { timeout: 60_000 }, () => {
  it('"*@*.*" against "@" × 128,000 (the report: 7.5 s) and × 4,000,000 (hours before)', async () => {
    expect(await choose("*@*.*", "@".repeat(128_000))).toBe("no");
    expect(compileWildcard("*@*.*")("@".repeat(4_000_000))).toBe(false);
    expect(compileWildcard("*@*.*")("@".repeat(4_000_000) + ".")).toBe(true);
  });

  it("six wildcards against 80 characters (the report: 4.6 s) and 20,000 (centuries before)", async () => {
    const p = "*@*@*@*@*@*.";
    expect(await choose(p, "@".repeat(80))).toBe("no");
    expect(compileWildcard(p)("@".repeat(20_000))).toBe(false);
    expect(compileWildcard(p)("@".repeat(20_000) + ".")).toBe(true);
    expect(compileWildcard("*ab*ab*ab*ab*ab*x")("ab".repeat(50_000))).toBe(false);
  });

  const cases: [string, string, boolean][] = [
    ["log-*.txt", "log-2024.txt", true],
    ["log-*.txt", "log-.txt", true],
    ["log-*.txt", "log.txt", false],
    ["a*a", "a", false],
    ["a*a", "aa", true],
    ["*", "", true],
    ["", "", true],
    ["", "a", false],
    ["a\\*b", "a*b", true],
    ["a\\*b", "axb", false],
    ["a\\\\b", "a\\b", true],
    ["a\\", "a\\", true],
    ["\\a", "a", true],
    ["**", "xyz", true],
    ["*aba*", "xabax", true],
    ["*abab*c", "abababc", true],
    ["*é*", "café", true],
  ];
  it.each(cases)("%j on %j → %s", (p, s, want) => {
    expect(compileWildcard(p)(s)).toBe(want);
  });

  it("splits a pattern at its unescaped stars", () => {
    expect(wildcardPieces("a*b\\*c*\\\\")).toEqual(["a", "b*c", "\\"]);
  });

  it("agrees with the regular expression it replaces", () => {
    const text = fc.string({ unit: fc.constantFrom("a", "b", "*", "\\"), maxLength: 12 });
    fc.assert(
      fc.property(text, text, (p, s) => compileWildcard(p)(s) === oldWildcard(p)(s)),
      { numRuns: 3000 },
    );
  });
});

describe("JSONPath =~: RE2, linear in the text", () => {
  const evil = "a".repeat(100_000) + "!";

  it("(a+)+$ on an adversarial string (the report: 4.5 s at 28 characters, doubling per character)", () => {
    const p = compilePath("$[?(@.s =~ /(a+)+$/)].id");
    expect(
      queryAll(p.segs, [
        { id: 1, s: evil },
        { id: 2, s: "xaaa" },
        { id: 3, s: "a".repeat(28) + "!" },
      ]),
    ).toEqual([2]);
  });

  it("a pattern read from the data is linear too", () => {
    const p = compilePath("$.items[?(@.s =~ @.p)].id");
    const doc = {
      items: [
        { id: 1, s: evil, p: "(a+)+$" },
        { id: 2, s: "ba", p: "(a+)+$" },
      ],
    } as JSONValue;
    expect(queryAll(p.segs, doc)).toEqual([2]);
  });

  it("refuses a backreference or lookahead written in the path, with the definition", () => {
    for (const src of ["$[?(@.s =~ /(a)\\1/)]", "$[?(@.s =~ /a(?=b)/)]"]) {
      expect(() => compilePath(src)).toThrow(PathSyntaxError);
      expect(() => compilePath(src)).toThrow(/backreferences and lookaround are not supported/);
    }
    const def = { StartAt: "P", States: { P: { Type: "Pass", InputPath: "$.a[?(@.s =~ /(x)\\1/)]", End: true } } };
    expect(() => machine(def.States)).toThrow(DefinitionError);
  });

  it("fails with States.Runtime when a pattern from the data needs backtracking", async () => {
    const r = await run({ P: { Type: "Pass", InputPath: "$.items[?(@.s =~ @.p)]", End: true } }, { items: [{ s: "aa", p: "(a)\\1" }] });
    expect(r.status).toBe("FAILED");
    expect(r.error).toBe("States.Runtime");
    expect(r.cause).toMatch(/The regular expression \/\(a\)\\1\/ cannot be used/);
  });
});

const env = (input: JSONValue) => ({ states: { input, context: {} }, vars: {} }) as never;
const evaluate = (expr: string, input: JSONValue = {}) => compileJsonata(expr, "Output")(env(input));
function failure(f: () => unknown): StatesError {
  try {
    f();
  } catch (e) {
    if (e instanceof StatesError) return e;
    throw e;
  }
  throw new Error("expected a StatesError");
}

describe("JSONata regular expressions: RE2 with JavaScript's syntax", () => {
  const evil = "a".repeat(100_000) + "!";

  it("(a+)+$ in $match, $contains, $replace and $split on an adversarial string", () => {
    const input = { s: evil };
    expect(evaluate("{% $exists($match($states.input.s, /(a+)+$/)) %}", input)).toBe(false);
    expect(evaluate("{% $contains($states.input.s, /(a+)+$/) %}", input)).toBe(false);
    expect(evaluate("{% $length($replace($states.input.s, /(a+)+$/, 'x')) %}", input)).toBe(evil.length);
    expect(evaluate("{% $count($split($states.input.s, /(a+)+$/)) %}", input)).toBe(1);
    expect(evaluate("{% $match('xaaa', /(a+)+$/).match %}")).toBe("aaa");
  });

  const cases: [string, JSONValue][] = [
    ["$match('abcab', /(a)(b)?/).groups", ["a", "b", "a", "b"]],
    ["$match('a1b22', /[0-9]+/).index", [1, 3]],
    ["$replace('hello world', /(o)/, '[$1]')", "hell[o] w[o]rld"],
    ["$split('a1b22c', /[0-9]+/)", ["a", "b", "c"]],
    ["$contains('Hello', /^hello$/i)", true],
    ["$contains('a\\nb', /^b$/m)", true],
    ["$contains('a\\nb', /^b$/)", false],
    ["$contains('x\\ry', /x.y/)", false],
    ["$contains('x\\u00a0y', /x\\sy/)", true],
    ["$contains('x\\u00a0y', /x\\Sy/)", false],
    ["$match('2024-05', /(?<y>\\d{4})-(?<m>\\d\\d)/).groups", ["2024", "05"]],
    ["$match('aXb', /[^]X[.]/)", null],
  ];
  it.each(cases)("%s", (expr, want) => {
    const r = (() => {
      try {
        return evaluate(`{% ${expr} %}`);
      } catch (e) {
        if (e instanceof StatesError && /returned nothing/.test(e.cause)) return null;
        throw e;
      }
    })();
    expect(r).toEqual(want);
  });

  it("stays on RE2 when another jsonata() call has reset jsonata's global RegexEngine to RegExp", () => {
    const g = compileJsonata("{% $contains($states.input.s, /(a+)+$/) %}", "Output");
    jsonata("$x");
    expect(g(env({ s: evil }))).toBe(false);
  });

  it("refuses backreferences and lookaround when the definition is created", () => {
    for (const re of ["/(a)\\1/", "/a(?=b)/", "/(?<!a)b/"]) {
      const def = {
        QueryLanguage: "JSONata",
        StartAt: "P",
        States: { P: { Type: "Pass", Output: `{% $match('ab', ${re}) %}`, End: true } },
      };
      expect(() => machine(def.States, { QueryLanguage: "JSONata" })).toThrow(/backreferences and lookaround are not supported/);
    }
  });

  it("stands in for the RegExp jsonata builds: exec from lastIndex, then null and lastIndex 0", () => {
    const re = new LinearRegExp(/b(c)?/g);
    const first = re.exec("abcab")!;
    expect([...first]).toEqual(["bc", "c"]);
    expect([first.index, re.lastIndex]).toEqual([1, 3]);
    const second = re.exec("abcab")!;
    expect([...second]).toEqual(["b", undefined]);
    expect([second.index, re.lastIndex]).toEqual([4, 5]);
    expect(re.exec("abcab")).toBeNull();
    expect(re.lastIndex).toBe(0);
    expect(() => compileRegex("(a)\\1")).toThrow(UnsupportedRegexError);
  });
});

// Each budget test does up to MAX_STEPS units of work: seconds on a loaded machine, never asserted.
describe("JSONata work budget", { timeout: 60_000 }, () => {
  const budget = new RegExp(`exceeded the evaluation budget of ${MAX_STEPS} units of work`);

  it("$sort of a million items fails with States.QueryEvaluationError naming the budget", async () => {
    const r = await run({ P: { Type: "Pass", Output: "{% $sort([1..1000000]) %}", End: true } }, {}, {}, { QueryLanguage: "JSONata" });
    expect(r.status).toBe("FAILED");
    expect(r.error).toBe("States.QueryEvaluationError");
    expect(r.cause).toMatch(budget);
  });

  it("sorts stably within the budget, with and without a comparator", () => {
    expect(evaluate("{% $sort([3, 1, 2]) %}")).toEqual([1, 2, 3]);
    expect(evaluate("{% $sort(['b', 'a', 'c']) %}")).toEqual(["a", "b", "c"]);
    const items = "[{'k': 2, 'n': 'a'}, {'k': 1, 'n': 'b'}, {'k': 2, 'n': 'c'}, {'k': 1, 'n': 'd'}]";
    expect(evaluate(`{% $sort(${items}, function($l, $r) { $l.k > $r.k }).n %}`)).toEqual(["b", "d", "a", "c"]);
    const n = 100_000;
    const sorted = evaluate(`{% $sort($reverse([1..${n}])) %}`) as number[];
    expect(sorted.length).toBe(n);
    expect(sorted.every((v, i) => v === i + 1)).toBe(true);
    expect(failure(() => evaluate("{% $sort([1, 'a']) %}")).cause).toMatch(/D3070/);
  });

  it("an order-by (jsonata's own quadratic merge) of 50,000 items fails the same way; of 3,000 it works", () => {
    expect(failure(() => evaluate("{% $reverse([1..50000])^($) %}")).cause).toMatch(budget);
    const sorted = evaluate("{% $reverse([1..3000])^($) %}") as number[];
    expect(sorted.every((v, i) => v === i + 1)).toBe(true);
    expect(budgetSpent()).toBeLessThan(MAX_STEPS);
  });

  it("a search of an adversarial string costs a few units: one, and one per 64 characters consumed", () => {
    evaluate("{% $contains($states.input.s, /(a+)+$/) %}", { s: "a".repeat(100_000) + "!" });
    expect(budgetSpent()).toBeLessThan(20);
    evaluate("{% $count($match($states.input.s, /a+/)) %}", { s: "a".repeat(6_400) });
    expect(budgetSpent()).toBeGreaterThanOrEqual(100);
    expect(budgetSpent()).toBeLessThan(120);
  });

  it("$distinct keeps the first of each deep-equal value, in linear time (20,000 objects took 9 s)", () => {
    expect(evaluate("{% $distinct([1, '1', {'a': 1, 'b': 2}, {'b': 2, 'a': 1}, [1, 2], [1, 2], [2, 1], null, null, true]) %}")).toEqual([
      1,
      "1",
      { a: 1, b: 2 },
      [1, 2],
      [2, 1],
      null,
      true,
    ]);
    expect(evaluate("{% $count($distinct($map([1..20000], function($v) { {'a': $v % 10000} }))) %}")).toBe(10_000);
    expect(evaluate("{% $distinct([7]) %}")).toEqual([7]);
  });
});
