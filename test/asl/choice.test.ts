import { describe, expect, it } from "vitest";
import { run } from "./helpers.ts";

/** A Choice with one rule; the output says which branch was taken. */
async function choose(rule: Record<string, unknown>, input: unknown) {
  const r = await run(
    {
      C: { Type: "Choice", Choices: [{ ...rule, Next: "Yes" }], Default: "No" },
      Yes: { Type: "Pass", Result: "yes", End: true },
      No: { Type: "Pass", Result: "no", End: true },
    },
    input as any,
  );
  return r.status === "SUCCEEDED" ? r.output : `${r.error}`;
}

const table: { rule: string; cases: [unknown, Record<string, unknown>, string][] }[] = [
  { rule: "StringEquals", cases: [["a", { StringEquals: "a" }, "yes"], ["b", { StringEquals: "a" }, "no"], [1, { StringEquals: "1" }, "no"]] },
  { rule: "StringLessThan", cases: [["a", { StringLessThan: "b" }, "yes"], ["b", { StringLessThan: "a" }, "no"]] },
  { rule: "StringGreaterThanEquals", cases: [["b", { StringGreaterThanEquals: "b" }, "yes"]] },
  { rule: "StringMatches", cases: [["log-2024.txt", { StringMatches: "log-*.txt" }, "yes"], ["a*b", { StringMatches: "a\\*b" }, "yes"], ["axb", { StringMatches: "a\\*b" }, "no"]] },
  { rule: "NumericEquals", cases: [[1, { NumericEquals: 1.0 }, "yes"], ["1", { NumericEquals: 1 }, "no"], [true, { NumericEquals: 1 }, "no"]] },
  { rule: "NumericLessThan", cases: [[1, { NumericLessThan: 2 }, "yes"], [2, { NumericLessThan: 2 }, "no"]] },
  { rule: "NumericGreaterThanEquals", cases: [[2, { NumericGreaterThanEquals: 2 }, "yes"]] },
  { rule: "BooleanEquals", cases: [[true, { BooleanEquals: true }, "yes"], ["true", { BooleanEquals: true }, "no"]] },
  { rule: "TimestampLessThan", cases: [["2020-01-01T00:00:00Z", { TimestampLessThan: "2021-01-01T00:00:00Z" }, "yes"], ["2020-01-01T01:00:00+02:00", { TimestampLessThan: "2020-01-01T00:00:00Z" }, "yes"], ["nope", { TimestampLessThan: "2021-01-01T00:00:00Z" }, "no"]] },
  { rule: "IsNull", cases: [[null, { IsNull: true }, "yes"], [0, { IsNull: true }, "no"]] },
  { rule: "IsNumeric", cases: [[1.5, { IsNumeric: true }, "yes"], ["1", { IsNumeric: false }, "yes"]] },
  { rule: "IsString", cases: [["", { IsString: true }, "yes"]] },
  { rule: "IsBoolean", cases: [[false, { IsBoolean: true }, "yes"]] },
  { rule: "IsTimestamp", cases: [["2016-03-14T01:59:00Z", { IsTimestamp: true }, "yes"], ["2016-03-14", { IsTimestamp: true }, "no"]] },
];

describe.each(table)("$rule", ({ cases }) => {
  it.each(cases)("%j with %j → %s", async (v, op, expected) => {
    expect(await choose({ Variable: "$.v", ...op }, { v })).toBe(expected);
  });
});

describe("Choice rules", () => {
  it("compares against another path with the ...Path forms", async () => {
    expect(await choose({ Variable: "$.a", NumericLessThanPath: "$.b" }, { a: 1, b: 2 })).toBe("yes");
    expect(await choose({ Variable: "$.a", StringEqualsPath: "$.b" }, { a: "x", b: "y" })).toBe("no");
  });
  it("combines rules with And, Or and Not", async () => {
    const rule = { And: [{ Variable: "$.a", NumericGreaterThan: 0 }, { Not: { Variable: "$.b", StringEquals: "x" } }] };
    expect(await choose(rule, { a: 1, b: "y" })).toBe("yes");
    expect(await choose(rule, { a: 1, b: "x" })).toBe("no");
    expect(await choose({ Or: [{ Variable: "$.a", IsPresent: true }, { Variable: "$.b", IsPresent: true }] }, { b: 1 })).toBe("yes");
  });
  it("IsPresent is the one test that accepts a missing variable", async () => {
    expect(await choose({ Variable: "$.missing", IsPresent: false }, {})).toBe("yes");
    expect(await choose({ Variable: "$.missing", StringEquals: "a" }, {})).toBe("States.Runtime");
  });
  it("fails with States.NoChoiceMatched when nothing matches and there is no Default", async () => {
    const r = await run({ C: { Type: "Choice", Choices: [{ Variable: "$.a", NumericEquals: 1, Next: "D" }] }, D: { Type: "Succeed" } }, { a: 2 });
    expect(r.status).toBe("FAILED");
    expect(r.error).toBe("States.NoChoiceMatched");
  });
});
