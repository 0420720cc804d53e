/**
 * References into the data a state sees: `$...` (the state's input), `$$...` (the context object)
 * and `$name...` (a workflow variable). Compiled once; evaluation does no string work.
 */
import { compilePath, getDefinite, queryAll, PathSyntaxError, type CompiledPath, type Seg } from "../jsonpath/index.ts";
import { isObj } from "../jsonpath/query.ts";
import type { EvalEnv, JSONValue } from "../types.ts";

export interface Ref {
  readonly src: string;
  readonly root: "input" | "context" | "var";
  readonly varName?: string;
  readonly path: CompiledPath;
  /** The value named, or undefined when a definite path names nothing. Indefinite paths give a list. */
  get(env: EvalEnv): JSONValue | undefined;
}

const VAR_RE = /^\$([A-Za-z_][A-Za-z0-9_]*)/;

// Compiled references by text: a definition repeats its references (`$.order.id` in state after state), and a
// Ref is never changed once made, so states share one. Bounded: cleared when full.
const REFS = new Map<string, Ref>();
const MAX_REFS = 4096;

/** Compile `$.a`, `$$.Execution.Id` or `$var.a`. Throws PathSyntaxError. */
export function compileRef(src: string, allowVars = true): Ref {
  const key = allowVars ? src : `\u0000${src}`;
  const known = typeof src === "string" ? REFS.get(key) : undefined;
  if (known !== undefined) return known;
  const ref = makeRef(src, allowVars);
  if (REFS.size >= MAX_REFS) REFS.clear();
  REFS.set(key, ref);
  return ref;
}

function makeRef(src: string, allowVars: boolean): Ref {
  if (typeof src !== "string" || !src.startsWith("$")) throw new PathSyntaxError(`'${src}' is not a path`);
  if (src.startsWith("$$")) return make(src, "context", compilePath(src.slice(1)));
  const m = VAR_RE.exec(src);
  if (m && allowVars) return make(src, "var", compilePath("$" + src.slice(m[0].length)), m[1]);
  return make(src, "input", compilePath(src));
}

type NameSeg = Extract<Seg, { kind: "name" }>;
const hasOwn = Object.prototype.hasOwnProperty;

/**
 * True when an object can inherit a field of this name (`constructor`, `toString`, `__proto__`, ... from
 * Object.prototype): reading it must ask whether the field is the object's own. Any other name read from
 * an object is its own field or nothing, so one load answers (hasOwnProperty is a call per step).
 */
const inherited = (name: string): boolean => name in Object.prototype;

/** `$.a` and `$.a.b`, the commonest paths, without getDefinite's loop over steps. */
function namedGetter(pick: (env: EvalEnv) => JSONValue | undefined, segs: NameSeg[]): Ref["get"] {
  const a = segs[0].name;
  if (segs.length === 1 && !inherited(a))
    return (env) => {
      const base = pick(env);
      return isObj(base) ? base[a] : undefined;
    };
  if (segs.length === 2 && !inherited(a) && !inherited(segs[1].name)) {
    const b = segs[1].name;
    return (env) => {
      const base = pick(env);
      if (!isObj(base)) return undefined;
      const mid = base[a];
      return isObj(mid) ? mid[b] : undefined;
    };
  }
  if (segs.length === 1)
    return (env) => {
      const base = pick(env);
      return isObj(base) && hasOwn.call(base, a) ? base[a] : undefined;
    };
  const b = segs[1].name;
  return (env) => {
    const base = pick(env);
    if (!isObj(base) || !hasOwn.call(base, a)) return undefined;
    const mid = base[a];
    return isObj(mid) && hasOwn.call(mid, b) ? mid[b] : undefined;
  };
}

function make(src: string, root: Ref["root"], path: CompiledPath, varName?: string): Ref {
  const segs = path.segs;
  let pick: (env: EvalEnv) => JSONValue | undefined;
  if (root === "input") pick = (env) => env.input;
  else if (root === "context") pick = (env) => env.context;
  else {
    const name = varName ?? "";
    if (inherited(name)) pick = (env) => (env.vars && hasOwn.call(env.vars, name) ? env.vars[name] : undefined);
    else
      pick = (env) => {
        const vars = env.vars;
        return vars ? vars[name] : undefined;
      };
  }
  let get: Ref["get"];
  if (segs.length === 0) get = pick;
  else if (path.definite && segs.length <= 2 && segs.every((s) => s.kind === "name")) get = namedGetter(pick, segs as NameSeg[]);
  else if (path.definite && segs.every((s) => s.kind === "name" && !inherited(s.name))) {
    // `$.a.b.c...`: one load per step (see inherited)
    const names = (segs as NameSeg[]).map((s) => s.name);
    get = (env) => {
      let cur = pick(env);
      for (let i = 0; i < names.length; i++) {
        if (!isObj(cur)) return undefined;
        cur = cur[names[i]];
      }
      return cur;
    };
  } else if (path.definite) {
    get = (env) => {
      const base = pick(env);
      return base === undefined ? undefined : getDefinite(segs, base);
    };
  } else {
    get = (env) => {
      const base = pick(env);
      return base === undefined ? [] : queryAll(segs, base);
    };
  }
  return { src, root, varName, path, get };
}
