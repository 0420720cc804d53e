/**
 * Expressions applied to items: a condition's truth, a projection, an update's new item. Pure: the
 * same item and expression give the same answer, so a write retried after a lost race recomputes.
 */
import { ExpressionError, type Cond, type Operand, type Path, type Update } from "./expression.ts";
import { compare, decAdd, decToString, equal, parseNumber, typeOf, type AV, type Dec, type Item } from "./values.ts";

/** The value at a document path, or undefined when the item has none there. */
export function valueAt(item: Item, path: Path): AV | undefined {
  let v: AV | undefined = item[path[0] as string];
  for (const e of path.slice(1)) {
    if (v === undefined) return undefined;
    if (typeof e === "number") v = typeOf(v) === "L" ? (v.L as AV[])[e] : undefined;
    else v = typeOf(v) === "M" ? ((v.M as Item)[e] ?? undefined) : undefined;
  }
  return v;
}

function sizeOf(v: AV | undefined): AV | undefined {
  if (v === undefined) return undefined;
  const t = typeOf(v);
  const x = v[t];
  if (t === "S") return { N: String([...(x as string)].length) };
  if (t === "B") return { N: String(atob(x as string).length) };
  if (t === "M") return { N: String(Object.keys(x as Item).length) };
  if (t === "L" || t.length === 2) return { N: String((x as AV[]).length) };
  return undefined;
}

function operand(item: Item, o: Operand): AV | undefined {
  if (o.k === "value") return o.v;
  if (o.k === "path") return valueAt(item, o.path);
  if (o.k === "size") return sizeOf(valueAt(item, o.path));
  throw new ExpressionError(`Invalid ConditionExpression: The function is not allowed in a condition expression; function: ${o.k}`);
}

const ordered = (a: AV | undefined, b: AV | undefined): number | null => (a && b ? compare(a, b) : null);

const TYPE_NAMES = ["S", "SS", "N", "NS", "B", "BS", "BOOL", "NULL", "L", "M"];

/** Whether the item (empty when there is none) meets the condition. */
export function holds(item: Item, c: Cond): boolean {
  switch (c.k) {
    case "and":
      return holds(item, c.a) && holds(item, c.b);
    case "or":
      return holds(item, c.a) || holds(item, c.b);
    case "not":
      return !holds(item, c.a);
    case "in": {
      const a = operand(item, c.a);
      return (
        a !== undefined &&
        c.list.some((o) => {
          const b = operand(item, o);
          return b !== undefined && equal(a, b);
        })
      );
    }
    case "between": {
      const [a, lo, hi] = [operand(item, c.a), operand(item, c.lo), operand(item, c.hi)];
      const x = ordered(a, lo),
        y = ordered(a, hi);
      return x !== null && y !== null && x >= 0 && y <= 0;
    }
    case "cmp": {
      const a = operand(item, c.a),
        b = operand(item, c.b);
      if (c.op === "=") return a !== undefined && b !== undefined && equal(a, b);
      if (c.op === "<>") return !(a !== undefined && b !== undefined && equal(a, b));
      const o = ordered(a, b);
      if (o === null) return false;
      return c.op === "<" ? o < 0 : c.op === "<=" ? o <= 0 : c.op === ">" ? o > 0 : o >= 0;
    }
    case "fn":
      return fn(item, c.name, c.args);
  }
}

function fn(item: Item, name: string, args: Operand[]): boolean {
  const a = operand(item, args[0]);
  if (name === "attribute_exists") return a !== undefined;
  if (name === "attribute_not_exists") return a === undefined;
  const b = operand(item, args[1]);
  if (name === "attribute_type") {
    const t = b && typeOf(b) === "S" ? (b.S as string) : "";
    if (!TYPE_NAMES.includes(t))
      throw new ExpressionError(
        `Invalid ConditionExpression: Invalid attribute type name found; type: ${t}, valid types: { ${TYPE_NAMES.join(",")} }`,
      );
    return a !== undefined && typeOf(a) === t;
  }
  if (a === undefined || b === undefined) return false;
  const [ta, tb] = [typeOf(a), typeOf(b)];
  if (name === "begins_with") {
    if (ta === "S" && tb === "S") return (a.S as string).startsWith(b.S as string);
    if (ta === "B" && tb === "B") return atob(a.B as string).startsWith(atob(b.B as string));
    return false;
  }
  // contains
  if (ta === "S" && tb === "S") return (a.S as string).includes(b.S as string);
  if (ta === "L") return (a.L as AV[]).some((e) => equal(e, b));
  if (ta.length === 2 && tb === ta[0]) return (a[ta] as string[]).some((e) => equal({ [tb]: e }, b));
  return false;
}

/** Only the attributes at these paths (list elements in index order, compacted), as AWS projects. */
export function project(item: Item, paths: Path[]): Item {
  const out = projectMap(item, paths);
  return out ?? {};
}

function projectMap(m: Item, paths: Path[]): Item | undefined {
  const out: Item = {};
  for (const key of new Set(paths.map((p) => p[0]).filter((e): e is string => typeof e === "string"))) {
    if (!Object.hasOwn(m, key)) continue;
    const v = projectValue(
      m[key],
      paths.filter((p) => p[0] === key).map((p) => p.slice(1)),
    );
    if (v !== undefined) out[key] = v;
  }
  return Object.keys(out).length ? out : undefined;
}

function projectValue(v: AV, rests: Path[]): AV | undefined {
  if (rests.some((r) => r.length === 0)) return v;
  const t = typeOf(v);
  if (t === "M") {
    const m = projectMap(v.M as Item, rests);
    return m ? { M: m } : undefined;
  }
  if (t !== "L") return undefined;
  const list = v.L as AV[];
  const indexes = [...new Set(rests.map((r) => r[0]).filter((e): e is number => typeof e === "number"))].sort((a, b) => a - b);
  const out: AV[] = [];
  for (const i of indexes) {
    if (i >= list.length) continue;
    const e = projectValue(
      list[i],
      rests.filter((r) => r[0] === i).map((r) => r.slice(1)),
    );
    if (e !== undefined) out.push(e);
  }
  return out.length ? { L: out } : undefined;
}

const bad = (message: string): never => {
  throw new ExpressionError(`Invalid UpdateExpression: ${message}`);
};
const WRONG_TYPE = "An operand in the update expression has an incorrect data type";
const TYPE_WORDS: Record<string, string> = { S: "STRING", N: "NUMBER", B: "BINARY", BOOL: "BOOLEAN", NULL: "NULL", M: "MAP", L: "LIST" };

function updateValue(old: Item, o: Operand): AV {
  switch (o.k) {
    case "value":
      return o.v;
    case "path":
      return valueAt(old, o.path) ?? bad("The provided expression refers to an attribute that does not exist in the item");
    case "if_not_exists":
      return valueAt(old, o.path) ?? updateValue(old, o.v);
    case "list_append": {
      const a = updateValue(old, o.a),
        b = updateValue(old, o.b);
      if (typeOf(a) !== "L" || typeOf(b) !== "L") bad(WRONG_TYPE);
      return { L: [...(a.L as AV[]), ...(b.L as AV[])] };
    }
    case "+":
    case "-": {
      const a = updateValue(old, o.a),
        b = updateValue(old, o.b);
      if (typeOf(a) !== "N" || typeOf(b) !== "N") bad(WRONG_TYPE);
      return { N: arithmetic(parseNumber(a.N as string) as Dec, parseNumber(b.N as string) as Dec, o.k === "+" ? 1 : -1) };
    }
    case "size":
      return bad("The function is not allowed in an update expression; function: size");
  }
}

function arithmetic(a: Dec, b: Dec, sign: 1 | -1): string {
  const r = decAdd(a, b, sign);
  if (typeof r === "string") throw new ExpressionError(r);
  return decToString(r);
}

/** The container a path's last element lives in, or undefined when its parent is missing. */
function parentOf(item: Item, path: Path): Item | AV[] | undefined {
  if (path.length === 1) return item;
  const p = valueAt(item, path.slice(0, -1));
  if (!p) return undefined;
  const last = path[path.length - 1];
  if (typeof last === "number") return typeOf(p) === "L" ? (p.L as AV[]) : undefined;
  return typeOf(p) === "M" ? (p.M as Item) : undefined;
}

const INVALID_PATH = "The document path provided in the update expression is invalid for update";

/** The item after the update (the old one is not changed); every value is computed from the old item. */
export function applyUpdate(oldItem: Item, u: Update): Item {
  const item = structuredClone(oldItem);
  const sets = u.set.map((a) => ({ path: a.path, v: updateValue(oldItem, a.v) }));
  for (const { path, v } of sets) put(item, path, v);
  const removes = [...u.remove].sort((a, b) => comparePaths(b, a));
  for (const path of removes) {
    const parent = parentOf(item, path);
    const last = path[path.length - 1];
    if (Array.isArray(parent)) {
      if ((last as number) < parent.length) parent.splice(last as number, 1);
    } else if (parent) delete parent[last as string];
  }
  for (const { path, v } of u.add) {
    const t = typeOf(v);
    if (t !== "N" && t.length !== 2) bad(`Incorrect operand type for operator or function; operator: ADD, operand type: ${TYPE_WORDS[t]}`);
    const cur = valueAt(item, path);
    if (cur === undefined) put(item, path, v);
    else if (typeOf(cur) !== t) bad(WRONG_TYPE);
    else if (t === "N") put(item, path, { N: arithmetic(parseNumber(cur.N as string) as Dec, parseNumber(v.N as string) as Dec, 1) });
    else {
      const have = cur[t] as string[];
      const more = (v[t] as string[]).filter((e) => !have.some((h) => equal({ [t[0]]: h }, { [t[0]]: e })));
      put(item, path, { [t]: [...have, ...more] });
    }
  }
  for (const { path, v } of u.delete) {
    const t = typeOf(v);
    if (t.length !== 2) bad(`Incorrect operand type for operator or function; operator: DELETE, operand type: ${TYPE_WORDS[t]}`);
    const cur = valueAt(item, path);
    if (cur === undefined) continue;
    if (typeOf(cur) !== t) bad(WRONG_TYPE);
    const left = (cur[t] as string[]).filter((h) => !(v[t] as string[]).some((e) => equal({ [t[0]]: h }, { [t[0]]: e })));
    if (left.length) put(item, path, { [t]: left });
    else {
      const parent = parentOf(item, path) as Item | AV[];
      if (Array.isArray(parent)) parent.splice(path[path.length - 1] as number, 1);
      else delete parent[path[path.length - 1] as string];
    }
  }
  return item;
}

function put(item: Item, path: Path, v: AV): void {
  const parent = parentOf(item, path) ?? bad(INVALID_PATH);
  const last = path[path.length - 1];
  if (Array.isArray(parent)) {
    if ((last as number) >= parent.length) parent.push(v);
    else parent[last as number] = v;
  } else parent[last as string] = v;
}

function comparePaths(a: Path, b: Path): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] === b[i]) continue;
    if (typeof a[i] === "number" && typeof b[i] === "number") return (a[i] as number) - (b[i] as number);
    return String(a[i]) < String(b[i]) ? -1 : 1;
  }
  return a.length - b.length;
}
