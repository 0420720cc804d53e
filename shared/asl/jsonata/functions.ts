/**
 * The functions Step Functions adds to JSONata ($partition, $range, $hash, $random with a seed,
 * $uuid, $parse), $eval taken away, and the overrides that make jsonata 1.8.7 answer as the 2.0.6
 * AWS documents ($number reads 0x/0o/0b, `[PN]` writes AM/PM) and work in a Worker ($base64encode/$base64decode
 * without Node's Buffer), and $sort and $distinct with their work counted (collections.ts).
 */
import jsonata from "jsonata";
import { DIGESTS } from "../intrinsics/digests.ts";
import { JavaRandom } from "../intrinsics/java-random.ts";
import { distinct, sort } from "./collections.ts";
import { fromMillis, millis, now } from "./datetime.ts";
import { functionError, signatureError } from "./errors.ts";

/**
 * The env of the evaluation under way, where $random and $uuid draw from. Evaluation is
 * synchronous, so the evaluator sets it around each call instead of binding it per call.
 */
export { active } from "./active.ts";
import { active } from "./active.ts";

type Impl = (...args: unknown[]) => unknown;

/** AWS refuses a call with more arguments than the function takes, naming the first extra one. */
function noMore(fn: string, args: unknown[], max: number): void {
  for (let i = max; i < args.length; i++) if (args[i] !== undefined) throw signatureError(fn, i + 1);
}

/** A numeric argument cut toward zero, as AWS does; anything else is a signature error. */
function int(fn: string, v: unknown, index: number): number {
  if (typeof v !== "number") throw signatureError(fn, index);
  return Math.trunc(v);
}

/** $partition(array, size): chunks of `size` items, the last one shorter. */
function partition(...args: unknown[]): unknown {
  noMore("partition", args, 2);
  const [array, size] = args;
  if (array === undefined) return undefined;
  if (!Array.isArray(array)) throw { code: "T0412", index: 1, token: "partition", type: undefined };
  if (array.length === 0) return undefined;
  if (size === undefined) return [array.slice()];
  const n = int("partition", size, 2);
  if (n < 0) throw functionError("Second argument must be zero or greater");
  if (n === 0) return undefined;
  const out: unknown[][] = [];
  for (let i = 0; i < array.length; i += n) out.push(array.slice(i, i + n));
  return out;
}

/** Longest $range AWS's States.ArrayRange allows; a bound keeps a typo from filling memory. */
const MAX_RANGE = 1000;

/** $range(start, end, step): start, start + step, ... up to end inclusive. One item is that item. */
function range(...args: unknown[]): unknown {
  noMore("range", args, 3);
  const start = int("range", args[0], 1);
  const end = int("range", args[1], 2);
  if (args[2] === undefined) return undefined;
  const step = int("range", args[2], 3);
  if (step === 0 || (step > 0 && start > end) || (step < 0 && start < end)) return undefined;
  const count = Math.floor((end - start) / step) + 1;
  if (count > MAX_RANGE) throw functionError(`The range must not have more than ${MAX_RANGE} items`);
  // A jsonata sequence, so that a single item comes out as itself (AWS: $range(1, 9, 9) is 1).
  const out = sequence();
  for (let i = 0, v = start; i < count; i++, v += step) out.push(v);
  return out;
}

function sequence(): unknown[] & { sequence: boolean } {
  const s = [] as unknown as unknown[] & { sequence: boolean };
  s.sequence = true;
  return s;
}

/** $hash(text, algorithm): lowercase hex digest of the UTF-8 bytes of text. */
function hash(...args: unknown[]): unknown {
  noMore("hash", args, 2);
  const [text, algorithm] = args;
  if (typeof text !== "string") throw signatureError("hash", 1);
  if (algorithm === undefined) return undefined;
  if (typeof algorithm !== "string") throw signatureError("hash", 2);
  const digest = DIGESTS.get(algorithm);
  if (!digest) throw functionError(`Hash algorithm '${algorithm}' must be one of SHA-1, SHA-384, SHA-256, SHA-512, MD5`);
  return digest(text);
}

/** $random() from the host; $random(seed) as java.util.Random(seed).nextDouble(), the same on every run. */
function random(...args: unknown[]): unknown {
  noMore("random", args, 1);
  const seed = args[0];
  if (seed === undefined) return active.env!.random();
  return new JavaRandom(BigInt(int("random", seed, 1))).nextDouble();
}

function uuid(...args: unknown[]): unknown {
  noMore("uuid", args, 0);
  return active.env!.uuid();
}

/** $parse(json): the value a JSON string holds (AWS's stand-in for $eval). */
function parse(...args: unknown[]): unknown {
  noMore("parse", args, 1);
  const text = args[0];
  if (text === undefined) return undefined;
  if (typeof text !== "string") throw signatureError("parse", 1);
  try {
    return JSON.parse(text);
  } catch {
    throw functionError("Invalid JSON");
  }
}

/** AWS takes $eval away: calling it fails as a call of a missing function does (T1006). */
function noEval(): never {
  throw { code: "T1006", message: "Attempted to invoke a non-function" };
}

/** A jsonata function value for `impl`, built once and shared by every compiled expression. */
function define(impl: Impl, signature?: string): unknown {
  const e = jsonata("$f");
  e.registerFunction("f", impl, signature);
  return e.evaluate(undefined);
}

/** A built-in's function value, to wrap. */
const builtin = (name: string) => jsonata(`$${name}`).evaluate(undefined) as { implementation: Impl; signature?: unknown };

const NUMBER = builtin("number");
/** jsonata 2.0's test, kept as it is (its anchors bind to the first and last alternatives only). */
const RADIX = /^(0[xX][0-9A-Fa-f]+)|(0[oO][0-7]+)|(0[bB][0-1]+)$/;

/** $number as in jsonata 2.0: also "0x1F", "0o17", "0b101". */
function number(this: unknown, ...args: unknown[]): unknown {
  const v = args[0];
  if (typeof v === "string" && RADIX.test(v)) {
    const n = Number(v);
    if (!Number.isNaN(n)) return n;
  }
  return NUMBER.implementation.apply(this, args);
}

/** $base64encode/$base64decode over the web's btoa/atob (jsonata 1.8.7 reaches for Node's Buffer). */
function base64encode(s: unknown): unknown {
  return s === undefined ? undefined : btoa(s as string);
}
function base64decode(s: unknown): unknown {
  return s === undefined ? undefined : atob(s as string);
}

/** Every name bound in each compiled expression's environment, with its value. */
export const BINDINGS: ReadonlyArray<readonly [string, unknown]> = [
  ["partition", define(partition)],
  ["range", define(range)],
  ["hash", define(hash)],
  ["random", define(random)],
  ["uuid", define(uuid)],
  ["parse", define(parse)],
  ["number", define(number, "<(nsb)-:n>")],
  ["base64encode", define(base64encode, "<s-:s>")],
  ["base64decode", define(base64decode, "<s-:s>")],
  ["fromMillis", define(fromMillis as Impl, "<n-s?s?:s>")],
  ["now", define(now as Impl, "<s?s?:s>")],
  ["millis", define(millis as Impl, "<:n>")],
  ["eval", define(noEval)],
  ["sort", define(sort as Impl, "<af?:a>")],
  ["distinct", define(distinct, "<x:x>")],
];
