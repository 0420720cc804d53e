// The README's workflow written in JSONPath and in JSONata gives the same result.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compile, runLocal } from "../../shared/asl/index.ts";

const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
const block = readme.slice(readme.indexOf("// JSONPath"), readme.indexOf("```", readme.indexOf("// JSONPath")));
const [jsonPath, jsonata] = block
  .split(/^\/\/ JSON(?:Path|ata)$/m)
  .map((s: string) => s.trim())
  .filter(Boolean)
  .map((s: string) => JSON.parse(s));

describe("the README's workflow, written both ways", () => {
  it.each([
    [{ order: { lines: [{ sku: "a" }, { sku: "b" }] } }, { kind: "single", count: 2 }],
    [{ order: { lines: Array.from({ length: 11 }, (_, i) => ({ sku: `s${i}` })) } }, { kind: "bulk", count: 11 }],
  ])("%j", async (input, expected) => {
    for (const def of [jsonPath, jsonata]) expect((await runLocal(compile(def), input)).output).toEqual(expected);
  });
});
