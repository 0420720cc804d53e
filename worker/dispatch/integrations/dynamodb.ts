/**
 * KV, two ways. As DynamoDB (`dynamodb:getItem|putItem|deleteItem`, `aws-sdk:dynamodb:...|scan`):
 * DYNAMODB_TABLES maps a TableName to "<KV binding>[:<key attr>[,<key attr>]]" (key attribute `id`
 * unless named); an item is stored as its JSON (attribute-value shape) under "<table>/<key values>".
 * As itself (`kv:<BINDING>:get|put|delete|list`): shapes of our own, in kv-native.ts.
 */
import type { JSONObject, JSONValue } from "../../../shared/asl/types.ts";
import type { TaskResult } from "../../execution/contract.ts";
import { isObject, shaped, v1Cause } from "../aws-shape.ts";
import { bindingOfKind, mapOf } from "../bindings.ts";
import { awsKeys, serviceOf, serviceProblem, type Service } from "../services.ts";
import type { Integration } from "../types.ts";

type Table = { kv: KVNamespace; name: string; keys: string[] };

const ddbError = (message: string, code: string, name = "DynamoDB.AmazonDynamoDBException"): TaskResult => ({
  error: name,
  cause: v1Cause(message, "AmazonDynamoDBv2", 400, code),
});
const invalid = (message: string) => ddbError(message, "ValidationException");

export async function runKv(env: object, s: Service, input: JSONValue): Promise<TaskResult> {
  const p = isObject(input) ? input : {};
  const t = tableOf(env, p);
  if (!("kv" in t)) return t;
  if (p.ConditionExpression !== undefined) return invalid("ConditionExpression is not supported by a KV-backed table");
  try {
    switch (s.op) {
      case "get": {
        const key = storageKey(t, p.Key, "Key");
        if (typeof key !== "string") return key;
        const item = await t.kv.get<JSONObject>(key, "json");
        return { output: shaped(s.style, item ? { Item: item } : {}) };
      }
      case "put": {
        if (!isObject(p.Item) || !Object.values(p.Item).every(isAttributeValue))
          return invalid('Item must be an object of attribute values, such as {"id": {"S": "1"}}');
        const key = storageKey(t, pick(p.Item, t.keys), "Item");
        if (typeof key !== "string") return key;
        const old = p.ReturnValues === "ALL_OLD" ? await t.kv.get<JSONObject>(key, "json") : null;
        await t.kv.put(key, JSON.stringify(p.Item));
        return { output: shaped(s.style, old ? { Attributes: old } : {}) };
      }
      case "delete": {
        const key = storageKey(t, p.Key, "Key");
        if (typeof key !== "string") return key;
        const old = p.ReturnValues === "ALL_OLD" ? await t.kv.get<JSONObject>(key, "json") : null;
        await t.kv.delete(key);
        return { output: shaped(s.style, old ? { Attributes: old } : {}) };
      }
      default:
        return { output: await scan(t, typeof p.Limit === "number" ? p.Limit : Infinity) };
    }
  } catch (e) {
    return ddbError(e instanceof Error ? e.message : String(e), "InternalServerError", "DynamoDB.InternalServerErrorException");
  }
}

function tableOf(env: object, p: JSONObject): Table | TaskResult {
  const name = p.TableName;
  if (typeof name !== "string" || name === "") return invalid("The parameter 'TableName' is required");
  const map = mapOf(env, "DYNAMODB_TABLES") ?? {};
  if (!Object.hasOwn(map, name))
    return ddbError(
      `Requested resource not found: Table: ${name} not found`,
      "ResourceNotFoundException",
      "DynamoDB.ResourceNotFoundException",
    );
  const [binding, keyList] = map[name].split(":");
  const kv = bindingOfKind<KVNamespace>(env, binding, "kv");
  if (typeof kv === "string") return { error: "States.Runtime", cause: `DYNAMODB_TABLES maps '${name}': ${kv}` };
  return { kv, name, keys: keyList ? keyList.split(",").map((k) => k.trim()) : ["id"] };
}

/** "<table>/<value of each key attribute, in the table's order>", or the error AWS gives a wrong key. */
function storageKey(t: Table, key: JSONValue | undefined, what: string): string | TaskResult {
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

const OPTIMIZED = { getItem: "get", putItem: "put", deleteItem: "delete" };
const SDK = { ...OPTIMIZED, scan: "scan" };

/** KV as DynamoDB: `dynamodb:getItem|putItem|deleteItem`, `aws-sdk:dynamodb:...|scan`, tables through DYNAMODB_TABLES. */
export const dynamodb: Integration = {
  keys: [...awsKeys("dynamodb", OPTIMIZED, { optimized: true }), ...awsKeys("dynamodb", SDK, { sdk: true })],
  problem: ({ env }, resource) => serviceProblem(env, resource, "kv", "DYNAMODB_TABLES"),
  run: ({ env }, call, resource) => runKv(env, serviceOf(resource, SDK), call.input),
};
