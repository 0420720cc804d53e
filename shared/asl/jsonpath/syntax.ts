/** The parsed form of a JSONPath: its segments, filter expressions, and the canonical text of both. */
import type { JSONValue } from "../types.ts";

export class PathSyntaxError extends Error {}

/** A `[?(...)]` expression. */
export type Filter =
  | { op: "exists"; path: Seg[]; root: boolean }
  | { op: "not"; operand: Filter }
  | { op: "and" | "or"; left: Filter; right: Filter }
  | { op: "cmp"; cmp: string; left: Operand; right: Operand; regex?: Matcher };

/** A compiled `=~` pattern (RE2: linear in the text). */
export interface Matcher {
  test(s: string): boolean;
}

/** A literal, or a path from the current node (`@`) or the root (`$`). */
export type Operand = { lit: JSONValue } | { rel: Seg[]; root: boolean };

export type Seg =
  | { kind: "name"; name: string }
  | { kind: "index"; index: number }
  | { kind: "wild" }
  | { kind: "slice"; start?: number; end?: number; step: number }
  | { kind: "union"; items: (string | number)[] }
  | { kind: "filter"; filter: Filter }
  | { kind: "deep"; seg: Seg }
  | { kind: "length" };

export interface CompiledPath {
  readonly src: string;
  /** True when the path names at most one value. */
  readonly definite: boolean;
  readonly segs: Seg[];
  /** Names and indexes only (a reference path, usable as ResultPath). */
  readonly reference: boolean;
  /** Canonical Jayway form, e.g. `$['a'][0]`, for error messages. */
  readonly canonical: string;
}

/** Jayway's canonical text of a path, as its error messages quote it. */
export function canonical(segs: Seg[]): string {
  let out = "$";
  for (const seg of segs) {
    if (seg.kind === "name") out += `['${seg.name}']`;
    else if (seg.kind === "index") out += `[${seg.index}]`;
    else if (seg.kind === "wild") out += "[*]";
    else if (seg.kind === "length") out += ".length()";
    else if (seg.kind === "deep") out += ".." + canonical([seg.seg]).slice(1);
    else if (seg.kind === "slice") out += `[${seg.start ?? ""}:${seg.end ?? ""}]`;
    else if (seg.kind === "union") out += `[${seg.items.map((x) => (typeof x === "number" ? x : `'${x}'`)).join(",")}]`;
    else out += "[?]";
  }
  return out;
}
