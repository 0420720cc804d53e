// shortCondition: a Choice rule as an edge label.
import { describe, expect, it } from "vitest";
import { shortCondition } from "../../../shared/graph/index.ts";

describe("shortCondition", () => {
  it.each([
    [{ Variable: "$.amount", NumericGreaterThan: 100 }, "$.amount > 100"],
    [{ Variable: "$.status", StringEquals: "paid" }, '$.status == "paid"'],
    [{ Variable: "$.a", NumericLessThanEqualsPath: "$.b" }, "$.a <= $.b"],
    [{ Variable: "$.t", TimestampGreaterThanEquals: "2026-01-01T00:00:00Z" }, '$.t >= "2026-01-01T00:00:00Z"'],
    [{ Variable: "$.s", StringLessThan: "m" }, '$.s < "m"'],
    [{ Variable: "$.ok", BooleanEquals: false }, "$.ok == false"],
    [{ Variable: "$.ok", BooleanEqualsPath: "$.want" }, "$.ok == $.want"],
    [{ Variable: "$.name", StringMatches: "log-*.txt" }, '$.name matches "log-*.txt"'],
    [{ Variable: "$.x", IsPresent: true }, "$.x is present"],
    [{ Variable: "$.x", IsPresent: false }, "$.x is not present"],
    [{ Variable: "$.x", IsNull: true }, "$.x is null"],
    [{ Variable: "$.x", IsNumeric: true }, "$.x is numeric"],
    [{ Variable: "$.x", IsString: true }, "$.x is string"],
    [{ Variable: "$.x", IsBoolean: true }, "$.x is boolean"],
    [{ Variable: "$.x", IsTimestamp: true }, "$.x is timestamp"],
    [
      {
        And: [
          { Variable: "$.a", NumericGreaterThan: 1 },
          { Variable: "$.b", StringEquals: "x" },
        ],
      },
      '($.a > 1) and ($.b == "x")',
    ],
    [{ Or: [{ Variable: "$.a", IsNull: true }, { Not: { Variable: "$.b", IsPresent: true } }] }, "($.a is null) or (not ($.b is present))"],
    [{ Condition: "{% $states.input.n > 1 %}" }, "{% $states.input.n > 1 %}"],
    [{ Condition: true }, "true"],
    [{ Condition: "{% $states.input.order.total > $states.input.limit.max %}" }, "{% $states.input.order.total > $states.…"],
    [{ Variable: "$.x" }, "$.x"],
    [{}, "?"],
    [null, "?"],
  ])("%j → %s", (rule, label) => {
    expect(shortCondition(rule)).toBe(label);
    expect(shortCondition(rule).length).toBeLessThanOrEqual(40);
  });
});
