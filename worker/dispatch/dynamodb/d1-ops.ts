/**
 * getItem, putItem, updateItem and deleteItem on a D1-backed table (query and scan: d1-query.ts), with AWS's parameters:
 * ConditionExpression, ExpressionAttributeNames/Values, ProjectionExpression, UpdateExpression and
 * ReturnValues. Every write is one compare-and-swap on the item (d1-store.ts), so a condition holds
 * on the very item that is replaced.
 */
import type { JSONObject } from "../../../shared/asl/types.ts";
import type { TaskResult } from "../../execution/contract.ts";
import { shaped, type Style } from "../aws-shape.ts";
import { ensureSchema, keyOf, keyNames, readModifyWrite, read, Refusal, type D1Table } from "./d1-store.ts";
import { runQuery, runScan } from "./d1-query.ts";
import { ddbError, validation } from "./errors.ts";
import { applyUpdate, holds, project } from "./evaluate.ts";
import { ExpressionError, parseCondition, parseProjection, parseUpdate, Placeholders, type Cond, type Path } from "./expression.ts";
import { itemProblem, type Item } from "./values.ts";

const FAILED = "The conditional request failed";

export async function runD1Table(t: D1Table, style: Style, op: string, p: JSONObject): Promise<TaskResult> {
  const ph = Placeholders.from(p);
  if (typeof ph === "string") return validation(style, ph);
  try {
    await ensureSchema(t.db);
    const r = await operation(t, style, op, p, ph);
    if (r instanceof Refusal) return ddbError(style, r.code, r.message);
    return { output: shaped(style, r) };
  } catch (e) {
    if (e instanceof ExpressionError) return validation(style, e.message);
    return ddbError(style, "InternalServerErrorException", e instanceof Error ? e.message : String(e));
  }
}

const refuse = (message: string) => new Refusal("ValidationException", message);

function condition(p: JSONObject, ph: Placeholders): Cond | null {
  if (p.ConditionExpression === undefined) return null;
  if (typeof p.ConditionExpression !== "string") throw new ExpressionError("ConditionExpression must be a string");
  return parseCondition(p.ConditionExpression, "ConditionExpression", ph);
}

function returnValues(p: JSONObject, allowed: string[]): string | Refusal {
  const rv = p.ReturnValues ?? "NONE";
  if (typeof rv !== "string" || !allowed.includes(rv))
    return refuse(`ReturnValues can only be ${allowed.join(", ")} here, not ${String(rv)}`);
  return rv;
}

async function operation(t: D1Table, style: Style, op: string, p: JSONObject, ph: Placeholders): Promise<JSONObject | Refusal> {
  if (p.IndexName !== undefined) return refuse("IndexName: a D1-backed table has no secondary indexes");
  switch (op) {
    case "get":
      return getItem(t, p, ph);
    case "put":
      return putItem(t, p, ph);
    case "update":
      return updateItem(t, p, ph);
    case "delete":
      return deleteItem(t, p, ph);
    case "query":
      return runQuery(t, p, ph);
    case "scan":
      return runScan(t, p, ph);
    default:
      return refuse(`${op}: not an operation of a D1-backed table (getItem, putItem, updateItem, deleteItem, query, scan)`);
  }
}

async function getItem(t: D1Table, p: JSONObject, ph: Placeholders): Promise<JSONObject | Refusal> {
  const k = keyOf(t, p.Key, "Key");
  if (typeof k === "string") return refuse(k);
  const paths = typeof p.ProjectionExpression === "string" ? parseProjection(p.ProjectionExpression, ph) : null;
  const unused = ph.unused();
  if (unused) return refuse(unused);
  const stored = await read(t, k);
  if (!stored) return {};
  return { Item: paths ? project(stored.item, paths) : stored.item };
}

async function putItem(t: D1Table, p: JSONObject, ph: Placeholders): Promise<JSONObject | Refusal> {
  const problem = itemProblem(p.Item ?? null);
  if (problem) return refuse(problem);
  const item = p.Item as Item;
  const k = keyOf(t, item, "Item");
  if (typeof k === "string") return refuse(k);
  const cond = condition(p, ph);
  const rv = returnValues(p, ["NONE", "ALL_OLD"]);
  if (rv instanceof Refusal) return rv;
  const unused = ph.unused();
  if (unused) return refuse(unused);
  return readModifyWrite(t, k, (old) => {
    if (cond && !holds(old ?? {}, cond)) return new Refusal("ConditionalCheckFailedException", FAILED);
    return { next: item, answer: allOld(rv, old) };
  });
}

async function deleteItem(t: D1Table, p: JSONObject, ph: Placeholders): Promise<JSONObject | Refusal> {
  const k = keyOf(t, p.Key, "Key");
  if (typeof k === "string") return refuse(k);
  const cond = condition(p, ph);
  const rv = returnValues(p, ["NONE", "ALL_OLD"]);
  if (rv instanceof Refusal) return rv;
  const unused = ph.unused();
  if (unused) return refuse(unused);
  return readModifyWrite(t, k, (old) => {
    if (cond && !holds(old ?? {}, cond)) return new Refusal("ConditionalCheckFailedException", FAILED);
    return { next: null, answer: allOld(rv, old) };
  });
}

const allOld = (rv: string, old: Item | null): JSONObject => (rv === "ALL_OLD" && old ? { Attributes: old } : {});

const RETURN_VALUES = ["NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"];

async function updateItem(t: D1Table, p: JSONObject, ph: Placeholders): Promise<JSONObject | Refusal> {
  const k = keyOf(t, p.Key, "Key");
  if (typeof k === "string") return refuse(k);
  const key = p.Key as Item;
  if (p.UpdateExpression !== undefined && typeof p.UpdateExpression !== "string") return refuse("UpdateExpression must be a string");
  const update = p.UpdateExpression ? parseUpdate(p.UpdateExpression as string, ph) : { set: [], remove: [], add: [], delete: [] };
  const cond = condition(p, ph);
  const rv = returnValues(p, RETURN_VALUES);
  if (rv instanceof Refusal) return rv;
  const unused = ph.unused();
  if (unused) return refuse(unused);
  const touched: Path[] = [
    ...update.set.map((a) => a.path),
    ...update.remove,
    ...update.add.map((a) => a.path),
    ...update.delete.map((a) => a.path),
  ];
  const names = keyNames(t);
  const keyPath = touched.find((path) => names.includes(path[0] as string));
  if (keyPath)
    return refuse(`One or more parameter values were invalid: Cannot update attribute ${keyPath[0]}. This attribute is part of the key`);
  return readModifyWrite(t, k, (old) => {
    if (cond && !holds(old ?? {}, cond)) return new Refusal("ConditionalCheckFailedException", FAILED);
    const before = old ?? { ...key };
    let next: Item;
    try {
      next = applyUpdate(before, update);
    } catch (e) {
      if (e instanceof ExpressionError) return refuse(e.message);
      throw e;
    }
    const problem = itemProblem(next);
    if (problem) return refuse(problem);
    return { next, answer: returned(rv, old, next, touched) };
  });
}

function returned(rv: string, old: Item | null, next: Item, touched: Path[]): JSONObject {
  let attributes: Item | null = null;
  if (rv === "ALL_OLD") attributes = old;
  else if (rv === "ALL_NEW") attributes = next;
  else if (rv === "UPDATED_OLD") attributes = old ? project(old, touched) : null;
  else if (rv === "UPDATED_NEW") attributes = project(next, touched);
  return attributes && Object.keys(attributes).length ? { Attributes: attributes } : {};
}
