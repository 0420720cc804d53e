/**
 * $sort and $distinct with their work counted. jsonata 1.8.7's $sort is a recursive merge that
 * copies the rest of a run at every comparison (quadratic, and a stack overflow past some
 * thousands of items) and its $distinct compares every pair; these keep their results (a stable
 * sort, the first of each equal value in order) in O(n log n) comparisons and O(n) lookups, each
 * comparison charged to the expression's budget.
 */
import { charge } from "./budget.ts";

/** jsonata's comparator: true when a must come after b. A lambda arrives wrapped as a generator. */
type Comparator = (a: unknown, b: unknown) => Generator<unknown, unknown, unknown>;

const isNumeric = (v: unknown) => typeof v === "number" && Number.isFinite(v);

/** $sort(array[, function($l, $r)]): stable, bottom-up merge sort, one unit per comparison. */
export function* sort(arr: unknown, comparator?: Comparator): Generator<unknown, unknown, unknown> {
  if (arr === undefined) return undefined;
  if (!Array.isArray(arr) || arr.length <= 1) return arr;
  if (comparator === undefined && !arr.every(isNumeric) && !arr.every((v) => typeof v === "string"))
    throw { stack: new Error().stack, code: "D3070", index: 1 };
  let src: unknown[] = arr.slice();
  let dst: unknown[] = new Array(arr.length);
  const n = arr.length;
  for (let width = 1; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        charge();
        // jsonata swaps when the comparator says true; ties keep the left item first (stable).
        const after = comparator === undefined ? (src[i] as number) > (src[j] as number) : yield* comparator(src[i], src[j]);
        dst[k++] = after ? src[j++] : src[i++];
      }
      while (i < mid) dst[k++] = src[i++];
      while (j < hi) dst[k++] = src[j++];
    }
    [src, dst] = [dst, src];
  }
  return src;
}

/** A key equal for values jsonata's deep equality finds equal (object key order ignored). */
function key(v: unknown): string | undefined {
  if (v === null || typeof v === "number" || typeof v === "boolean") return JSON.stringify(v);
  if (typeof v === "string") return "s" + v;
  if (Array.isArray(v)) {
    let out = "[";
    for (const x of v) {
      const k = key(x);
      if (k === undefined) return undefined;
      out += k.length + ":" + k;
    }
    return out + "]";
  }
  if (typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) {
    let out = "{";
    for (const name of Object.keys(v).sort()) {
      const k = key((v as Record<string, unknown>)[name]);
      if (k === undefined) return undefined;
      out += name.length + ":" + name + k.length + ":" + k;
    }
    return out + "}";
  }
  return undefined; // a function or anything else that is equal only to itself
}

/** $distinct(array): the first of each run of deep-equal values, in order; one unit per item. */
export function distinct(arr: unknown): unknown {
  if (!Array.isArray(arr) || arr.length <= 1) return arr;
  const seen = new Set<unknown>();
  const out: unknown[] = [];
  for (const v of arr) {
    charge();
    const k = key(v) ?? v;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(v);
  }
  // A sequence stays a sequence (jsonata then unwraps a single value, as its own $distinct does).
  if ((arr as { sequence?: boolean }).sequence === true) (out as unknown as { sequence: boolean }).sequence = true;
  return out;
}
