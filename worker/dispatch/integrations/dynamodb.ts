/**
 * DynamoDB tables on Cloudflare. DYNAMODB_TABLES maps a TableName to one of:
 * - "d1:<D1 binding>:<partition key>[,<sort key>]": a D1-backed table (../dynamodb/): getItem, putItem,
 *   updateItem, deleteItem, query and scan with AWS's expressions, conditions and ReturnValues;
 * - "<KV binding>[:<key attr>[,<key attr>]]" (key attribute `id` unless named): a KV-backed table, get,
 *   put, delete and scan by key only; an item is stored as its JSON under "<table>/<key values>".
 */
import type { Resource } from "../../../shared/asl/index.ts";
import type { JSONObject, JSONValue } from "../../../shared/asl/types.ts";
import type { TaskResult } from "../../execution/contract.ts";
import { isObject, shaped, type Style } from "../aws-shape.ts";
import { bindingOfKind, mapOf } from "../bindings.ts";
import { runD1Table } from "../dynamodb/d1-ops.ts";
import type { D1Table } from "../dynamodb/d1-store.ts";
import { ddbError as namedError } from "../dynamodb/errors.ts";
import { awsKeys, serviceOf, type Service } from "../services.ts";
import type { Integration } from "../types.ts";
import { d1Problem } from "./d1.ts";

type Table = { kv: KVNamespace; name: string; keys: string[] };

const MAPPING = 'DYNAMODB_TABLES maps a table name to "d1:<D1 binding>:<partition key>[,<sort key>]" or "<KV binding>[:<key attributes>]"';

export async function runDynamoDb(env: object, s: Service, input: JSONValue): Promise<TaskResult> {
  const p = isObject(input) ? input : {};
  const t = tableOf(env, s.style, p);
  if ("db" in t) return runD1Table(t, s.style, s.op, p);
  if (!("kv" in t)) return t;
  const ddbError = (message: string, code: string) => namedError(s.style, code, message);
  const invalid = (message: string) => ddbError(message, "ValidationException");
  if (s.op === "update" || s.op === "query")
    return invalid(
      `${s.op}${s.op === "update" ? "Item" : ""} needs a D1-backed table: map '${t.name}' in DYNAMODB_TABLES to "d1:<D1 binding>:<keys>"`,
    );
  if (p.ConditionExpression !== undefined)
    return invalid('ConditionExpression is not supported by a KV-backed table (a D1-backed one supports it: "d1:<D1 binding>:<keys>")');
  try {
    switch (s.op) {
      case "get": {
        const key = storageKey(t, p.Key, "Key", invalid);
        if (typeof key !== "string") return key;
        const item = await t.kv.get<JSONObject>(key, "json");
        return { output: shaped(s.style, item ? { Item: item } : {}) };
      }
      case "put": {
        if (!isObject(p.Item) || !Object.values(p.Item).every(isAttributeValue))
          return invalid('Item must be an object of attribute values, such as {"id": {"S": "1"}}');
        const key = storageKey(t, pick(p.Item, t.keys), "Item", invalid);
        if (typeof key !== "string") return key;
        const old = p.ReturnValues === "ALL_OLD" ? await t.kv.get<JSONObject>(key, "json") : null;
        await t.kv.put(key, JSON.stringify(p.Item));
        return { output: shaped(s.style, old ? { Attributes: old } : {}) };
      }
      case "delete": {
        const key = storageKey(t, p.Key, "Key", invalid);
        if (typeof key !== "string") return key;
        const old = p.ReturnValues === "ALL_OLD" ? await t.kv.get<JSONObject>(key, "json") : null;
        await t.kv.delete(key);
        return { output: shaped(s.style, old ? { Attributes: old } : {}) };
      }
      default:
        return { output: await scan(t, typeof p.Limit === "number" ? p.Limit : Infinity) };
    }
  } catch (e) {
    return ddbError(e instanceof Error ? e.message : String(e), "InternalServerErrorException");
  }
}

function tableOf(env: object, style: Style, p: JSONObject): Table | D1Table | TaskResult {
  const name = p.TableName;
  if (typeof name !== "string" || name === "") return namedError(style, "ValidationException", "The parameter 'TableName' is required");
  const map = mapOf(env, "DYNAMODB_TABLES") ?? {};
  if (!Object.hasOwn(map, name))
    return namedError(style, "ResourceNotFoundException", `Requested resource not found: Table: ${name} not found`);
  const problem = mappingProblem(env, map[name]);
  if (problem) return { error: "States.Runtime", cause: `DYNAMODB_TABLES maps '${name}': ${problem}` };
  const d1 = D1_MAPPING.exec(map[name]);
  if (d1) {
    const [pk, sk] = d1[2].split(",").map((k) => k.trim());
    return { db: bindingOfKind<D1Database>(env, d1[1], "d1") as D1Database, name, pk, sk };
  }
  const [binding, keyList] = map[name].split(":");
  const kv = bindingOfKind<KVNamespace>(env, binding, "kv") as KVNamespace;
  return { kv, name, keys: keyList ? keyList.split(",").map((k) => k.trim()) : ["id"] };
}

const D1_MAPPING = /^d1:([A-Za-z_][A-Za-z0-9_]*):([^,:\s]+(?:,[^,:\s]+)?)$/;

/** Why one mapping cannot serve: its form, or its binding (a D1 database of the workflow's own, or KV). */
function mappingProblem(env: object, mapping: string): string | null {
  if (mapping.startsWith("d1:")) {
    const m = D1_MAPPING.exec(mapping);
    if (!m) return `'${mapping}' is not "d1:<D1 binding>:<partition key>[,<sort key>]" (e.g. "d1:DATA:pk,sk")`;
    return d1Problem(env, m[1]);
  }
  const b = bindingOfKind(env, mapping.split(":")[0], "kv");
  return typeof b === "string" ? b : null;
}

/** At creation: DYNAMODB_TABLES must exist, and each table it maps must have a binding that serves. */
function tablesProblem(env: object, resource: Resource): string | null {
  const map = mapOf(env, "DYNAMODB_TABLES");
  if (!map) return `'${resource.text}': DYNAMODB_TABLES is not configured (${MAPPING}; README "Service integrations")`;
  for (const [name, mapping] of Object.entries(map)) {
    const problem = mappingProblem(env, mapping);
    if (problem) return `'${resource.text}': DYNAMODB_TABLES maps '${name}': ${problem}`;
  }
  return null;
}

/** "<table>/<value of each key attribute, in the table's order>", or the error AWS gives a wrong key. */
function storageKey(t: Table, key: JSONValue | undefined, what: string, invalid: (m: string) => TaskResult): string | TaskResult {
  if (!isObject(key)) return invalid(`The parameter '${what}' is required`);
  const names = Object.keys(key);
  const missing = t.keys.find((k) => !Object.hasOwn(key, k));
  if (missing)
    return invalid(
      what === "Item"
        ? `One or more parameter values were invalid: Missing the key ${missing} in the item`
        : "The provided key element does not match the schema",
    );
  if (what === "Key" && names.length !== t.keys.length) return invalid("The provided key element does not match the schema");
  for (const k of t.keys)
    if (!isAttributeValue(key[k])) return invalid(`One or more parameter values were invalid: the key ${k} is not an attribute value`);
  return `${t.name}/${t.keys.map((k) => JSON.stringify(key[k])).join("/")}`;
}

const pick = (o: JSONObject, keys: string[]): JSONObject =>
  Object.fromEntries(keys.filter((k) => Object.hasOwn(o, k)).map((k) => [k, o[k]]));

const TYPES = new Set(["S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS"]);
function isAttributeValue(v: JSONValue): boolean {
  if (!isObject(v)) return false;
  const k = Object.keys(v);
  return k.length === 1 && TYPES.has(k[0]);
}

/** Every item of the table (KV lists 1,000 keys a page), up to Limit. */
async function scan(t: Table, limit: number): Promise<JSONObject> {
  const items: JSONObject[] = [];
  let cursor: string | undefined;
  do {
    const page = await t.kv.list({ prefix: `${t.name}/`, cursor });
    for (const k of page.keys) {
      if (items.length >= limit) break;
      const item = await t.kv.get<JSONObject>(k.name, "json");
      if (item) items.push(item);
    }
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor && items.length < limit);
  return { Count: items.length, Items: items, ScannedCount: items.length };
}

const OPTIMIZED = { getItem: "get", putItem: "put", updateItem: "update", deleteItem: "delete" };
const SDK = { ...OPTIMIZED, query: "query", scan: "scan" };

/** `dynamodb:getItem|putItem|updateItem|deleteItem`, `aws-sdk:dynamodb:...|query|scan`, tables through DYNAMODB_TABLES. */
export const dynamodb: Integration = {
  keys: [...awsKeys("dynamodb", OPTIMIZED, { optimized: true }), ...awsKeys("dynamodb", SDK, { sdk: true })],
  problem: ({ env }, resource) => tablesProblem(env, resource),
  run: ({ env }, call, resource) => runDynamoDb(env, serviceOf(resource, SDK), call.input),
};
