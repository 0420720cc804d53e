/**
 * LAMBDA_FUNCTIONS (a wrangler.toml var): function name -> `worker:<BINDING>[/<method>]` or a URL.
 * A TOML table arrives as an object, a `--var`/secret as JSON text; both are accepted.
 */
export type LambdaMap = Record<string, string>;

// Each var's map, made once: an isolate's env holds the same value for every call (a task dispatch reads
// it each time), an object by identity, JSON text by its value. Callers only read the maps.
const FROM_OBJECTS = new WeakMap<object, LambdaMap | null>();
const FROM_TEXT = new Map<string, LambdaMap | null>();

export function lambdaMap(raw: unknown): LambdaMap | null {
  if (typeof raw === "object" && raw !== null) {
    let map = FROM_OBJECTS.get(raw);
    if (map === undefined) FROM_OBJECTS.set(raw, (map = readLambdaMap(raw)));
    return map;
  }
  if (typeof raw !== "string") return null;
  let map = FROM_TEXT.get(raw);
  if (map === undefined) {
    map = readLambdaMap(raw);
    if (FROM_TEXT.size >= 32) FROM_TEXT.clear();
    FROM_TEXT.set(raw, map);
  }
  return map;
}

function readLambdaMap(raw: unknown): LambdaMap | null {
  let v = raw;
  if (typeof v === "string") {
    try {
      v = JSON.parse(v);
    } catch {
      return null;
    }
  }
  if (typeof v !== "object" || v === null || Array.isArray(v)) return null;
  const out: LambdaMap = {};
  for (const [k, t] of Object.entries(v)) if (typeof t === "string") out[k] = t;
  return out;
}

// name, name:qualifier, 123456789012:function:name[:q], arn:aws:lambda:region:acct:function:name[:q]
const FULL = /^arn:aws(?:-[a-z]+)*:lambda:[a-z0-9-]+:\d{12}:function:([A-Za-z0-9_-]+)(?::([A-Za-z0-9$_-]+))?$/;
const PARTIAL = /^\d{12}:function:([A-Za-z0-9_-]+)(?::([A-Za-z0-9$_-]+))?$/;
const NAME = /^([A-Za-z0-9_-]+)(?::([A-Za-z0-9$_-]+))?$/;

/** The configured target of a FunctionName in any of Lambda's forms, or null. */
export function resolveFunction(map: LambdaMap, functionName: string): string | null {
  const m = FULL.exec(functionName) ?? PARTIAL.exec(functionName) ?? NAME.exec(functionName);
  if (Object.hasOwn(map, functionName)) return map[functionName];
  if (!m) return null;
  const [, name, qualifier] = m;
  if (qualifier && Object.hasOwn(map, `${name}:${qualifier}`)) return map[`${name}:${qualifier}`];
  return Object.hasOwn(map, name) ? map[name] : null;
}
