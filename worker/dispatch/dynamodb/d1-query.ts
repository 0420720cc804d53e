/**
 * Query and scan on a D1-backed table. Query: KeyConditionExpression (`pk = :v`, optionally AND a sort key condition
 * `= < <= > >=`, BETWEEN or begins_with), FilterExpression, ProjectionExpression, Select, Limit,
 * ScanIndexForward and ExclusiveStartKey/LastEvaluatedKey. The sort key condition is a range of
 * key codes, so SQLite reads the partition in DynamoDB's order from its primary key. Scan: the same
 * options without a key condition, every item of the table in key-code order.
 */
import type { JSONObject } from "../../../shared/asl/types.ts";
import { keyOf, keyNames, Refusal, type D1Table } from "./d1-store.ts";
import { holds, project } from "./evaluate.ts";
import { ExpressionError, parseCondition, parseProjection, Placeholders, type Cond, type Operand, type Path } from "./expression.ts";
import { compare, keyCode, typeOf, type AV, type Item } from "./values.ts";

/** AWS stops a page at 1 MB of items read; so do we (measured as their JSON). */
const PAGE_BYTES = 1024 * 1024;
const CHUNK = 200;

const refuse = (message: string) => new Refusal("ValidationException", message);
const invalid = (message: string): never => {
  throw new ExpressionError(message);
};

type Range = { sql: string; args: string[] };

type Read = { filter: Cond | null; paths: Path[] | null; select: string; limit: number | undefined };

/** What query and scan share: FilterExpression, ProjectionExpression, Select and Limit, checked as AWS does. */
function readOptions(t: D1Table, p: JSONObject, ph: Placeholders, keyCondition: () => Cond | null): [Cond | null, Read] | Refusal {
  const keyCond = keyCondition();
  const filter = typeof p.FilterExpression === "string" ? parseCondition(p.FilterExpression, "FilterExpression", ph) : null;
  const paths = typeof p.ProjectionExpression === "string" ? parseProjection(p.ProjectionExpression, ph) : null;
  const unused = ph.unused();
  if (unused) return refuse(unused);
  const select = p.Select ?? (paths ? "SPECIFIC_ATTRIBUTES" : "ALL_ATTRIBUTES");
  if (typeof select !== "string" || !["ALL_ATTRIBUTES", "SPECIFIC_ATTRIBUTES", "COUNT"].includes(select))
    return refuse(`Select: ${String(select)} is not ALL_ATTRIBUTES, SPECIFIC_ATTRIBUTES or COUNT (a D1-backed table has no indexes)`);
  if (paths && select !== "SPECIFIC_ATTRIBUTES")
    return refuse("Cannot specify the AttributesToGet or ProjectionExpression when choosing to get ALL_ATTRIBUTES or COUNT");
  if (filter && keyCond) {
    const key = keyNames(t).find((k) => mentions(filter, k));
    if (key) return refuse(`Filter Expression can only contain non-primary key attributes: Primary key attribute: ${key}`);
  }
  const limit = p.Limit;
  if (limit !== undefined && (typeof limit !== "number" || !Number.isInteger(limit) || limit < 1))
    return refuse(
      `1 validation error detected: Value '${String(limit)}' at 'limit' failed to satisfy constraint: ` +
        "Member must have value greater than or equal to 1",
    );
  return [keyCond, { filter, paths, select, limit: limit as number | undefined }];
}

export async function runQuery(t: D1Table, p: JSONObject, ph: Placeholders): Promise<JSONObject | Refusal> {
  if (typeof p.KeyConditionExpression !== "string")
    return refuse("Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.");
  const text = p.KeyConditionExpression;
  const options = readOptions(t, p, ph, () => parseCondition(text, "KeyConditionExpression", ph));
  if (options instanceof Refusal) return options;
  const [keyCond, read] = options;
  const forward = p.ScanIndexForward !== false;
  const { pk, range } = keyRange(t, keyCond as Cond);
  const where = ["table_name = ?", "pk = ?"];
  const args = [t.name, keyCode(pk)];
  if (range) (where.push(range.sql), args.push(...range.args));
  let after: string[] | null = null;
  if (p.ExclusiveStartKey !== undefined) {
    const k = keyOf(t, p.ExclusiveStartKey, "ExclusiveStartKey");
    if (typeof k === "string") return refuse(k);
    if (k.pk !== keyCode(pk)) return refuse("The provided starting key is invalid: The provided key element does not match the schema");
    if (!t.sk) return { Count: 0, Items: [], ScannedCount: 0 };
    after = [k.sk];
  }
  return readPage(t, read, { where, args, order: forward ? "ASC" : "DESC", cursor: "sk", after });
}

/** Scan: the table's items in key-code order (AWS's order is its hash order), with query's options. */
export async function runScan(t: D1Table, p: JSONObject, ph: Placeholders): Promise<JSONObject | Refusal> {
  if (p.Segment !== undefined || p.TotalSegments !== undefined)
    return refuse("Segment and TotalSegments: parallel scans are not supported");
  const options = readOptions(t, p, ph, () => null);
  if (options instanceof Refusal) return options;
  let after: string[] | null = null;
  if (p.ExclusiveStartKey !== undefined) {
    const k = keyOf(t, p.ExclusiveStartKey, "ExclusiveStartKey");
    if (typeof k === "string") return refuse(k);
    after = [k.pk, k.sk];
  }
  return readPage(t, options[1], { where: ["table_name = ?"], args: [t.name], order: "ASC", cursor: "(pk, sk)", after });
}

type Scope = { where: string[]; args: string[]; order: "ASC" | "DESC"; cursor: "sk" | "(pk, sk)"; after: string[] | null };

/** One page: rows in order after the cursor, until Limit items or 1 MB were read. */
async function readPage(t: D1Table, read: Read, scope: Scope): Promise<JSONObject> {
  const { filter, paths, select, limit } = read;
  const items: Item[] = [];
  let scanned = 0;
  let bytes = 0;
  let last: Item | null = null;
  let more = false;
  let after = scope.after;
  const order = scope.cursor === "sk" ? `sk ${scope.order}` : "pk ASC, sk ASC";
  for (;;) {
    const want = Math.min(CHUNK, (limit ?? Infinity) - scanned);
    const where = [...scope.where];
    const args: (string | number)[] = [...scope.args];
    if (after) {
      where.push(`${scope.cursor} ${scope.order === "ASC" ? ">" : "<"} ${after.length === 1 ? "?" : "(?, ?)"}`);
      args.push(...after);
    }
    const sql = `SELECT item, pk, sk FROM dynamodb_items WHERE ${where.join(" AND ")} ORDER BY ${order} LIMIT ?`;
    const rows = (
      await t.db
        .prepare(sql)
        .bind(...args, want)
        .all<{ item: string; pk: string; sk: string }>()
    ).results;
    for (const row of rows) {
      const item = JSON.parse(row.item) as Item;
      scanned++;
      bytes += row.item.length;
      last = item;
      after = scope.cursor === "sk" ? [row.sk] : [row.pk, row.sk];
      if (!filter || holds(item, filter)) items.push(item);
      if (bytes >= PAGE_BYTES) break;
    }
    if (bytes >= PAGE_BYTES || (limit !== undefined && scanned >= limit)) {
      more = true;
      break;
    }
    if (rows.length < want) break;
  }
  const out: JSONObject = { Count: items.length, ScannedCount: scanned };
  if (select !== "COUNT") out.Items = paths ? items.map((i) => project(i, paths)) : items;
  if (more && last) out.LastEvaluatedKey = Object.fromEntries(keyNames(t).map((k) => [k, (last as Item)[k]]));
  return out;
}

function mentions(c: Cond | Operand, attribute: string): boolean {
  const o = c as Record<string, unknown>;
  if (Array.isArray(o.path) && (o.path as Path)[0] === attribute) return true;
  for (const v of Object.values(o)) {
    if (Array.isArray(v) && v.some((e) => typeof e === "object" && e !== null && mentions(e as Operand, attribute))) return true;
    if (typeof v === "object" && v !== null && !Array.isArray(v) && "k" in v && mentions(v as Operand, attribute)) return true;
  }
  return false;
}

const KEY_OPS = new Set(["=", "<", "<=", ">", ">="]);

/** The partition key value, and the sort key condition as a range of key codes. */
function keyRange(t: D1Table, c: Cond): { pk: AV; range: Range | null } {
  const parts = c.k === "and" ? [c.a, c.b] : [c];
  if (parts.some((x) => x.k === "and")) invalid("Conditions can be of length 1 or 2 only");
  for (const x of parts)
    if (x.k === "or" || x.k === "not" || x.k === "in" || (x.k === "cmp" && x.op === "<>"))
      invalid(`Invalid operator used in KeyConditionExpression: ${x.k === "cmp" ? "<>" : x.k.toUpperCase()}`);
  const attr = (x: Cond): string | null => {
    const a = x.k === "fn" || x.k === "cmp" || x.k === "between" ? (x.k === "fn" ? x.args[0] : x.a) : null;
    return a && a.k === "path" && a.path.length === 1 ? (a.path[0] as string) : null;
  };
  const onPk = parts.find((x) => attr(x) === t.pk);
  if (!onPk) invalid(`Query condition missed key schema element: ${t.pk}`);
  const rest = parts.filter((x) => x !== onPk);
  if (onPk!.k !== "cmp" || onPk!.op !== "=") invalid("Query key condition not supported");
  const pk = keyValue(t.pk, (onPk as { b: Operand }).b);
  if (!rest.length) return { pk, range: null };
  const s = rest[0];
  if (!t.sk || attr(s) !== t.sk) invalid(`Query condition missed key schema element: ${t.sk ?? attr(s) ?? "sort key"}`);
  const sk = t.sk as string;
  if (s.k === "fn") {
    if (s.name !== "begins_with") invalid(`Invalid operator used in KeyConditionExpression: ${s.name}`);
    const v = keyValue(sk, s.args[1]);
    if (typeOf(v) === "N")
      invalid(
        "Invalid KeyConditionExpression: Incorrect operand type for operator or function; " +
          "operator or function: begins_with, operand type: N",
      );
    const code = keyCode(v);
    return { pk, range: { sql: "substr(sk, 1, ?) = ?", args: [String([...code].length), code] } };
  }
  if (s.k === "between") {
    const lo = keyValue(sk, s.lo),
      hi = keyValue(sk, s.hi);
    const order = compare(lo, hi);
    if (order === null) invalid("Invalid KeyConditionExpression: The BETWEEN operator requires operands of the same type");
    if ((order as number) > 0)
      invalid(
        "Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; " +
          `lower operand: AttributeValue: {${typeOf(lo)}:${lo[typeOf(lo)]}}, ` +
          `upper operand: AttributeValue: {${typeOf(hi)}:${hi[typeOf(hi)]}}`,
      );
    return { pk, range: { sql: "sk >= ? AND sk <= ?", args: [keyCode(lo), keyCode(hi)] } };
  }
  if (s.k !== "cmp" || !KEY_OPS.has(s.op)) return invalid("Query key condition not supported");
  const v = keyValue(sk, s.b);
  const code = keyCode(v);
  // Codes of one type start with its letter (B, N, S): bound the range to that type.
  const [low, high] = [code[0], String.fromCharCode(code.charCodeAt(0) + 1)];
  const ranges: Record<string, Range> = {
    "=": { sql: "sk = ?", args: [code] },
    "<": { sql: "sk >= ? AND sk < ?", args: [low, code] },
    "<=": { sql: "sk >= ? AND sk <= ?", args: [low, code] },
    ">": { sql: "sk > ? AND sk < ?", args: [code, high] },
    ">=": { sql: "sk >= ? AND sk < ?", args: [code, high] },
  };
  return { pk, range: ranges[s.op] };
}

function keyValue(name: string, o: Operand): AV {
  if (o.k !== "value") return invalid("Query key condition not supported");
  const t = typeOf(o.v);
  if (t !== "S" && t !== "N" && t !== "B")
    invalid(`One or more parameter values were invalid: Condition parameter type does not match schema type for key ${name}`);
  return o.v;
}
