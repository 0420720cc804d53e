/**
 * States.Format(template, ...values): each `{}` of the template replaced by the next value.
 * Strings go in as they are; other values as AWS's Java prints them (`{a=1, b=[x, y]}`).
 * `\{` and `\}` are literal braces; a lone brace, or a count of `{}` different from the count of
 * values, fails.
 */
import type { JSONValue } from "../../types.ts";
import { invalidArguments } from "../errors.ts";
import type { IntrinsicDef } from "../types.ts";
import { javaString } from "../values.ts";
import { failing, requireString } from "./check.ts";

const NAME = "States.Format";

/** The text between placeholders (n placeholders give n + 1 parts), or null when a brace is lone. */
export function parseTemplate(raw: string): string[] | null {
  const parts: string[] = [];
  let cur = "";
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === "\\") {
      const e = raw[i + 1];
      if (e === "{" || e === "}" || e === "\\" || e === "'") {
        cur += e;
        i++;
      } else {
        cur += c;
      }
    } else if (c === "{") {
      if (raw[i + 1] !== "}") return null;
      parts.push(cur);
      cur = "";
      i++;
    } else if (c === "}") {
      return null;
    } else {
      cur += c;
    }
  }
  parts.push(cur);
  return parts;
}

function render(parts: readonly string[], values: readonly JSONValue[]): string {
  let s = parts[0];
  for (let i = 0; i < values.length; i++) s += javaString(values[i]) + parts[i + 1];
  return s;
}

export const format: IntrinsicDef = {
  name: NAME,
  minArgs: 1,
  maxArgs: Infinity,
  pure: true,
  compile(args) {
    const template = args[0];
    const values = args.slice(1).map((a) => a.get);
    const n = values.length;
    if (template.literal) {
      // Written in quotes: read the source, where `\{` differs from `{`. Folded from a call: the text.
      const { value, raw } = template.literal;
      const parts = typeof value === "string" ? parseTemplate(raw ?? value) : null;
      if (!parts || parts.length !== n + 1) return failing(args, NAME);
      if (n === 0) {
        const text = parts[0];
        return () => text;
      }
      if (n === 1) {
        const [g] = values;
        const [a, b] = parts;
        return (env) => a + javaString(g(env)) + b;
      }
      if (n === 2) {
        const [g, h] = values;
        const [a, b, c] = parts;
        return (env) => {
          const x = g(env);
          const y = h(env);
          return a + javaString(x) + b + javaString(y) + c;
        };
      }
      return (env) =>
        render(
          parts,
          values.map((g) => g(env)),
        );
    }
    // Template from a path: parsed at run time, the last one kept.
    const getTemplate = template.get;
    let lastTemplate = "";
    let lastParts: string[] | null = [""];
    return (env) => {
      const t = requireString(getTemplate(env), NAME);
      const got = values.map((g) => g(env));
      if (t !== lastTemplate) {
        lastParts = parseTemplate(t);
        lastTemplate = t;
      }
      if (!lastParts || lastParts.length !== n + 1) throw invalidArguments(NAME);
      return render(lastParts, got);
    };
  },
};
