/** Writing through a reference path (ResultPath): a copy of the input with the value in place. */
import type { JSONObject, JSONValue } from "../types.ts";
import { putField } from "../../json/put-field.ts";
import { isObj } from "./query.ts";
import type { Seg } from "./syntax.ts";

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * Return a copy of `root` with `value` written at the reference path, copying only the objects
 * along the path and creating missing ones. Returns undefined when the path runs through a value
 * that cannot hold a field (a string, a number, ...).
 */
export function setAtPath(segs: Seg[], root: JSONValue, value: JSONValue): JSONValue | undefined {
  if (segs.length === 0) return value;
  return setFrom(segs, 0, root, value);
}

function setFrom(segs: Seg[], n: number, cur: JSONValue | undefined, value: JSONValue): JSONValue | undefined {
  const seg = segs[n];
  const last = n === segs.length - 1;
  if (seg.kind === "name") {
    if (cur !== undefined && !isObj(cur)) return undefined;
    const copy: JSONObject = cur ? { ...cur } : {};
    const v = last ? value : setFrom(segs, n + 1, hasOwn.call(copy, seg.name) ? copy[seg.name] : undefined, value);
    if (v === undefined) return undefined;
    if (seg.name !== "__proto__") copy[seg.name] = v;
    else putField(copy, seg.name, v);
    return copy;
  }
  if (seg.kind === "index") {
    if (!Array.isArray(cur)) return undefined;
    const i = seg.index < 0 ? cur.length + seg.index : seg.index;
    if (i < 0 || i >= cur.length) return undefined;
    const copy = cur.slice();
    const v = last ? value : setFrom(segs, n + 1, copy[i], value);
    if (v === undefined) return undefined;
    copy[i] = v;
    return copy;
  }
  return undefined;
}
