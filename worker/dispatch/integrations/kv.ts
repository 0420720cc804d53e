/**
 * `kv:<BINDING>:get|put|delete|list`, shapes of our own:
 *   get    {Key}                                   -> {Found, Key, Value}   (Value null when not found)
 *   put    {Key, Value, ExpirationTtl?, Metadata?} -> {}                    (a non-string Value round-trips as JSON)
 *   delete {Key}                                   -> {}
 *   list   {Prefix?, Cursor?, Limit?}              -> {Keys: [{Name, Expiration?}], ListComplete, Cursor?}
 */
import type { JSONObject, JSONValue } from "../../../shared/asl/types.ts";
import type { TaskResult } from "../../execution/contract.ts";
import { bindingOfKind } from "../bindings.ts";
import { isObject } from "../aws-shape.ts";
import { nativeKeys, serviceOf, serviceProblem, type Service } from "../services.ts";
import type { Integration } from "../types.ts";

const invalid = (cause: string): TaskResult => ({ error: "KV.ValidationException", cause });

export async function runKvNative(env: object, s: Service, p: JSONObject): Promise<TaskResult> {
  const kv = bindingOfKind<KVNamespace>(env, s.binding ?? "", "kv");
  if (typeof kv === "string") return { error: "States.Runtime", cause: kv };
  if (s.op !== "list" && (typeof p.Key !== "string" || p.Key === ""))
    return invalid(`kv:${s.binding}:${s.op} needs a Key (a non-empty string)`);
  const key = p.Key as string;
  try {
    switch (s.op) {
      case "get": {
        const { value, metadata } = await kv.getWithMetadata<{ json?: boolean }>(key, "text");
        if (value === null) return { output: { Found: false, Key: key, Value: null } };
        return { output: { Found: true, Key: key, Value: metadata?.json ? (JSON.parse(value) as JSONValue) : value } };
      }
      case "put": {
        if (!Object.hasOwn(p, "Value")) return invalid(`kv:${s.binding}:put needs a Value`);
        const json = typeof p.Value !== "string";
        const ttl = typeof p.ExpirationTtl === "number" ? p.ExpirationTtl : undefined;
        await kv.put(key, json ? JSON.stringify(p.Value) : (p.Value as string), { expirationTtl: ttl, metadata: { json } });
        return { output: {} };
      }
      case "delete":
        await kv.delete(key);
        return { output: {} };
      default: {
        const limit = typeof p.Limit === "number" ? p.Limit : undefined;
        const prefix = typeof p.Prefix === "string" ? p.Prefix : undefined;
        const cursor = typeof p.Cursor === "string" ? p.Cursor : undefined;
        const page = await kv.list({ prefix, cursor, limit });
        const keys: JSONObject[] = page.keys.map((k): JSONObject =>
          k.expiration === undefined ? { Name: k.name } : { Name: k.name, Expiration: k.expiration },
        );
        return {
          output: page.list_complete ? { Keys: keys, ListComplete: true } : { Keys: keys, ListComplete: false, Cursor: page.cursor },
        };
      }
    }
  } catch (e) {
    return { error: "KV.ServiceException", cause: e instanceof Error ? e.message : String(e) };
  }
}

/** `kv:<BINDING>:get|put|delete|list`. */
export const kv: Integration = {
  keys: nativeKeys("kv", ["get", "put", "delete", "list"]),
  problem: ({ env }, resource) => serviceProblem(env, resource, "kv"),
  run: ({ env }, call, resource) => runKvNative(env, serviceOf(resource, {}), isObject(call.input) ? call.input : {}),
};
