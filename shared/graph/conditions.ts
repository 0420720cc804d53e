/**
 * A Choice rule as one short line for an edge's label: `$.amount > 100`, `($.a > 1) and ($.b == "x")`,
 * `{% $x > 1 %}`. The definition may be half typed: anything unreadable shows as `?`, never throws.
 */

/** Labels longer than this end in an ellipsis: an edge label is a glance, the definition has the rest. */
export const MAX_LABEL = 40;

const COMPARISONS: [suffix: string, symbol: string][] = [
  ["Equals", "=="],
  ["LessThanEquals", "<="],
  ["GreaterThanEquals", ">="],
  ["LessThan", "<"],
  ["GreaterThan", ">"],
];
const FAMILIES = ["String", "Numeric", "Boolean", "Timestamp"];

/** Every comparison operator (`StringEquals`, `NumericLessThanPath`, ...) with the symbol it reads as. */
const OPERATORS = new Map<string, { symbol: string; path: boolean }>();
for (const family of FAMILIES)
  for (const [suffix, symbol] of COMPARISONS) {
    // BooleanEquals is the only Boolean comparison in ASL
    if (family === "Boolean" && suffix !== "Equals") continue;
    OPERATORS.set(family + suffix, { symbol, path: false });
    OPERATORS.set(family + suffix + "Path", { symbol, path: true });
  }

/** The `Is*` tests: `$.x is present`, `$.x is not null`. */
const TESTS: Record<string, string> = {
  IsNull: "null",
  IsPresent: "present",
  IsNumeric: "numeric",
  IsString: "string",
  IsBoolean: "boolean",
  IsTimestamp: "timestamp",
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Cut to MAX_LABEL characters, the last one an ellipsis. */
export function truncate(text: string, max = MAX_LABEL): string {
  return text.length > max ? text.slice(0, max - 1) + "…" : text;
}

/** A value as a rule compares it: strings quoted, the rest as JSON. */
function literal(v: unknown): string {
  return JSON.stringify(v) ?? "?";
}

/** The full condition, before truncation. */
function condition(rule: unknown): string {
  if (!isObject(rule)) return "?";
  // JSONata: the expression as the user wrote it (a literal true/false is allowed too)
  if ("Condition" in rule) return typeof rule.Condition === "string" ? rule.Condition : literal(rule.Condition);
  if (Array.isArray(rule.And)) return rule.And.map((r) => `(${condition(r)})`).join(" and ") || "?";
  if (Array.isArray(rule.Or)) return rule.Or.map((r) => `(${condition(r)})`).join(" or ") || "?";
  if ("Not" in rule) return `not (${condition(rule.Not)})`;
  const variable = typeof rule.Variable === "string" ? rule.Variable : "?";
  for (const key in rule) {
    const op = OPERATORS.get(key);
    if (op) return `${variable} ${op.symbol} ${op.path && typeof rule[key] === "string" ? rule[key] : literal(rule[key])}`;
    if (key === "StringMatches") return `${variable} matches ${literal(rule[key])}`;
    const test = TESTS[key];
    if (test) return `${variable} is ${rule[key] === false ? "not " : ""}${test}`;
  }
  return variable;
}

/** A Choice rule (JSONPath or JSONata, And/Or/Not nested) shortened to an edge label of at most 40 characters. */
export function shortCondition(rule: unknown): string {
  return truncate(condition(rule));
}
