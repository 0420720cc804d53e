// The conformance corpus's rule for answering a Task from a case's recorded stubs, ported from its
// judge (../shared/conformance/run.mjs: findStub, diff, placeholderRegex, normalizeActual), which
// cannot be imported here: it is not in the repository and it needs Node's fs and child_process.
// Pick by resource (placeholder-aware), then state name, then an input that matches, then call order.

import type { S3Object } from "../conformance/s3-objects.ts";

export interface Stub {
  state?: string | null;
  input?: unknown;
  output?: unknown;
  error?: string | null;
  cause?: unknown;
  timeout?: boolean;
}

export interface ParityCase {
  file: string;
  definition: unknown;
  input: unknown;
  expect: { status: string; output: unknown; error: string | null; cause: unknown };
  stubs: Record<string, Stub[]>;
  placeholders: string[];
  type: "STANDARD" | "EXPRESS";
  /** What the case's test put in S3 first (a Distributed Map's ItemReader reads it). */
  s3_objects: S3Object[];
}

// The snapshot library's ISO-8601 pattern (localstack_snapshot PATTERN_ISO8601), as run.mjs has it.
const ISO8601 =
  /(?:[1-9]\d{3}-(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1\d|2[0-8])|(?:0[13-9]|1[0-2])-(?:29|30)|(?:0[13578]|1[02])-31)|(?:[1-9]\d(?:0[48]|[2468][048]|[13579][26])|(?:[2468][048]|[13579][26])00)-02-29)T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{1,9})?(?:Z|[+-][01]\d:?([0-5]\d)?)/g;

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** `<token>`s and the case's placeholders match any text. */
function placeholderRegex(expected: string, placeholders: string[]): RegExp {
  const toks = [...new Set(placeholders.filter(Boolean))].sort((a, b) => b.length - a.length);
  let pat = "<[^<>\\s]+>";
  if (toks.length) pat += "|" + toks.map(escapeRe).join("|");
  const parts = expected.split(new RegExp(`(${pat})`));
  return new RegExp("^" + parts.map((p, i) => (i % 2 === 1 ? "[\\s\\S]*?" : escapeRe(p))).join("") + "$");
}

function normalizeActual(v: unknown): unknown {
  if (typeof v === "string") return v.replace(ISO8601, "date");
  if (Array.isArray(v)) return v.map(normalizeActual);
  if (v && typeof v === "object")
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k.replace(ISO8601, "date"), normalizeActual(x)]));
  return v;
}

/** Whether `actual` matches a recorded `expected` under the snapshot rules (run.mjs's diff === null). */
function matches(expected: unknown, actual: unknown, ph: string[]): boolean {
  if ((expected === "timestamp" || expected === "datetime") && (actual === null || typeof actual !== "object")) return true;
  if (typeof expected === "string" && expected !== "111111111111" && ph.includes(expected)) return true;
  if (typeof expected === "string")
    return typeof actual === "string" && (expected === actual || placeholderRegex(expected, ph).test(actual));
  if (expected !== null && typeof expected === "object") {
    if (typeof actual === "string") {
      try {
        actual = normalizeActual(JSON.parse(actual));
      } catch {
        // not JSON text: compared as it is
      }
    }
    if (Array.isArray(expected)) {
      const a = actual;
      return Array.isArray(a) && expected.length === a.length && expected.every((e, i) => matches(e, a[i], ph));
    }
    if (actual === null || typeof actual !== "object" || Array.isArray(actual)) return false;
    const a = actual as Record<string, unknown>;
    const ek = Object.keys(expected);
    if (ek.length !== Object.keys(a).length || ek.some((k) => !(k in a))) return false;
    return ek.every((k) => matches((expected as Record<string, unknown>)[k], a[k], ph));
  }
  return expected === actual;
}

/** run.mjs's findStub: `used` is shared by one execution, so each recorded call is consumed once. */
export function findStub(k: ParityCase, resource: string, input: unknown, used: Set<string>, stateName?: string): Stub | null {
  const pools: [string, Stub[]][] = [];
  if (k.stubs[resource]) pools.push([resource, k.stubs[resource]]);
  for (const [res, list] of Object.entries(k.stubs))
    if (res !== resource && placeholderRegex(res, k.placeholders).test(resource)) pools.push([res, list]);
  const candidates: [string, Stub][] = [];
  for (const [res, list] of pools) list.forEach((e, i) => !used.has(`${res}#${i}`) && candidates.push([`${res}#${i}`, e]));
  const byState = candidates.filter(([, e]) => stateName === undefined || e.state == null || e.state === stateName);
  const actual = normalizeActual(input);
  const pick = byState.find(([, e]) => matches(e.input, actual, k.placeholders)) ?? byState[0] ?? candidates[0];
  if (!pick) return null;
  used.add(pick[0]);
  return pick[1];
}

/** A stub as a task outcome, as test/conformance/run.ts answers the Node runner. */
export function outcomeOf(
  stub: Stub | null,
  resource: string,
  stateName: string,
): { output: unknown } | { error: string | null; cause: string | null } | { timeout: true } {
  if (!stub) return { error: "States.TaskFailed", cause: `no recorded result for ${resource} in state ${stateName}` };
  if (stub.timeout) return { timeout: true };
  if ("error" in stub || ("cause" in stub && !("output" in stub))) {
    const c = stub.cause;
    return { error: stub.error ?? null, cause: c === undefined || c === null || typeof c === "string" ? (c ?? null) : JSON.stringify(c) };
  }
  return { output: stub.output ?? null };
}
