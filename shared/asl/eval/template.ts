/**
 * Payload templates (Parameters, ItemSelector, ResultSelector): compiled once into a getter that
 * builds the value. Subtrees without `.$` keys are constants and are shared, never copied.
 */
import { StatesError, type EvalEnv, type JSONValue, type JSONObject } from "../types.ts";
import { compileIntrinsic, isIntrinsic } from "../intrinsics/index.ts";
import { compileRef, type Ref } from "./ref.ts";
import { putField } from "../../json/put-field.ts";
import { MAX_SCALAR } from "../runtime/io.ts";

export type Getter = (env: EvalEnv) => JSONValue;

const hasOwn = Object.prototype.hasOwnProperty;

/** A problem in a template, with the JSON pointer (relative to the template) where it is. */
export class TemplateError extends Error {
  readonly pointer: string;
  constructor(pointer: string, message: string) {
    super(message);
    this.pointer = pointer;
  }
}

const esc = (k: string) => (k.includes("~") || k.includes("/") ? k.replace(/~/g, "~0").replace(/\//g, "~1") : k);

/** Getter for a `.$` value: a path (`$.a`, `$$.b`, `$v`) or an intrinsic call. */
export function compileDynamic(src: string, field: string): Getter {
  if (isIntrinsic(src)) return compileIntrinsic(src, pathGetter);
  const ref = compileRef(src);
  return (env) => {
    const v = ref.get(env);
    if (v === undefined) throw missing(ref, field, env);
    return v;
  };
}

function missing(ref: Ref, field: string, env: EvalEnv): StatesError {
  return new StatesError(
    "States.Runtime",
    `The JSONPath '${ref.src}' specified for the field '${field}' could not be found in the input '${JSON.stringify(env.input)}'`,
  );
}

/** The path compiler handed to intrinsics: a path argument that names nothing is a runtime error. */
export function pathGetter(src: string): Getter {
  const ref = compileRef(src);
  return (env) => {
    const v = ref.get(env);
    if (v === undefined) throw missing(ref, src, env);
    return v;
  };
}

/** Compile a template. Throws TemplateError naming where the problem is. */
export function compileTemplate(tpl: JSONValue): Getter {
  const g = compileNode(tpl);
  return g ?? (() => tpl);
}

/** `e` from a node under `key`: a TemplateError's pointer gains the key (made only on the way out of a failure). */
function under(e: unknown, key: string): unknown {
  return e instanceof TemplateError ? new TemplateError(`/${esc(key)}${e.pointer}`, e.message) : e;
}

/** Returns undefined when the node is constant. Pointers are built only for an error (see `under`). */
function compileNode(node: JSONValue): Getter | undefined {
  if (node === null || typeof node !== "object") return undefined;
  if (Array.isArray(node)) {
    const parts: (Getter | undefined)[] = [];
    let dynamic = false;
    for (let i = 0; i < node.length; i++) {
      let part: Getter | undefined;
      try {
        part = compileNode(node[i]);
      } catch (e) {
        throw under(e, String(i));
      }
      if (part) dynamic = true;
      parts.push(part);
    }
    if (!dynamic) return undefined;
    const getters = parts.map((p, i) => p ?? constant(node[i]));
    return (env) => getters.map((g) => g(env));
  }
  const keys: string[] = [];
  // undefined for a constant field (its value is node[keys[i]]): a getter is made for it only where one is called
  const getters: (Getter | undefined)[] = [];
  let dynamic = false;
  let constants = 0;
  // a key written twice ("a" and "a.$"), or "__proto__" (a field, not the prototype): the general builder below
  let plain = true;
  for (const k of Object.keys(node)) {
    const v = node[k];
    if (k.length > 2 && k.endsWith(".$")) {
      if (typeof v !== "string")
        throw new TemplateError(
          `/${esc(k)}`,
          `The value for the field '${k}' must be a STRING that contains a JSONPath or an intrinsic function`,
        );
      try {
        getters.push(compileDynamic(v, k));
      } catch (e) {
        const why = (e as Error).message;
        throw new TemplateError(
          `/${esc(k)}`,
          `The value for the field '${k}' must be a valid JSONPath or a valid intrinsic function call (${why})`,
        );
      }
      const name = k.slice(0, -2);
      if (name === "__proto__" || hasOwn.call(node, name)) plain = false;
      keys.push(name);
      dynamic = true;
    } else {
      let g: Getter | undefined;
      if (v !== null && typeof v === "object") {
        try {
          g = compileNode(v);
        } catch (e) {
          throw under(e, k);
        }
      }
      if (g) dynamic = true;
      else constants++;
      if (k === "__proto__") plain = false;
      keys.push(k);
      getters.push(g);
    }
  }
  if (!dynamic) return undefined;
  const n = keys.length;
  // a narrow template with constants copies an object that already has its keys (V8 clones up to four
  // in-object fields fast), its constants in place, and stores the rest: no stores that add a property.
  // One without constants is made by a constructor, as wide ones are: the copy saves it nothing, and the
  // copy's site, shared by every template, goes megamorphic once an isolate has run a few workflows (V8
  // then copies field by field: small-express 1.75 -> 2.25 us after the other bench workflows, 2.03 this way).
  if (plain && n <= 4 && constants > 0) {
    const shape: JSONObject = {};
    const setKeys: string[] = [];
    const setters: Getter[] = [];
    for (let i = 0; i < n; i++) {
      const get = getters[i];
      if (get === undefined) shape[keys[i]] = node[keys[i]];
      else {
        shape[keys[i]] = null;
        setKeys.push(keys[i]);
        setters.push(get);
      }
    }
    const m = setKeys.length;
    return (env) => {
      const out: JSONObject = { ...shape };
      for (let i = 0; i < m; i++) out[setKeys[i]] = setters[i](env);
      return out;
    };
  }
  const all = getters.map((g, i) => g ?? constant(node[keys[i]]));
  // "__proto__" is written as a field (a plain store would set the prototype), and of a key written twice the
  // last one wins: only such a template pays for putField
  if (!plain)
    return (env) => {
      const out: JSONObject = {};
      for (let i = 0; i < n; i++) putField(out, keys[i], all[i](env));
      return out;
    };
  // Wider ones are made by a constructor of their own: V8 gives its objects room for the keys in the object
  // itself (learnt over the first few), where a {} given more than about 16 keys by keyed stores turns into a
  // dictionary, which is slower to build and to read. Its prototype is Object.prototype: a plain object.
  function Out() {}
  Out.prototype = Object.prototype;
  return (env) => {
    const out = new (Out as unknown as new () => JSONObject)();
    for (let i = 0; i < n; i++) out[keys[i]] = all[i](env);
    return out;
  };
}

/**
 * For a template whose dynamic fields all read the input (`$`, `$.a`...): a bound of the value the template
 * makes from a bound of the input's JSON size (see runtime/io.ts). What a path reads is a part of the input,
 * no larger than it, however often it is read; the rest is constant and counted once, as upperBound counts.
 * -1 when any field reads anything else (the context, a variable) or calls an intrinsic (a new value): such
 * a value is measured. For a template that compiles (and is not changed after). The template is tallied
 * when a bound is first asked for, not when the state machine is built: building is on the path of every
 * CreateStateMachine (a second walk of each template cost a 100-state build ~12%), and a run asks once.
 */
export class TemplateBound {
  /** -1: not tallied yet; -2: the template makes a new value (no bound). */
  private fixed = -1;
  private reads = 0;
  private readonly tpl: JSONValue;
  constructor(tpl: JSONValue) {
    this.tpl = tpl;
  }
  of(inputBound: number): number {
    const fixed = this.fixed;
    if (fixed >= 0) return inputBound < 0 ? -1 : fixed + this.reads * inputBound;
    return fixed === -1 ? this.tally(inputBound) : -1;
  }
  /** The first ask (kept out of `of`, which sits on the interpreter's hot path, small enough to inline). */
  private tally(inputBound: number): number {
    const tally = { fixed: 0, reads: 0 };
    if (boundOf(this.tpl, tally)) ({ fixed: this.fixed, reads: this.reads } = tally);
    else this.fixed = -2;
    return this.of(inputBound);
  }
}

/** Adds `node`'s share to the tally; false when a field is not a path into the input. */
function boundOf(node: JSONValue, tally: { fixed: number; reads: number }): boolean {
  if (typeof node === "string") {
    tally.fixed += node.length * 6 + 2;
    return true;
  }
  if (node === null || typeof node !== "object") {
    tally.fixed += MAX_SCALAR;
    return true;
  }
  tally.fixed += 2;
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      tally.fixed += 1;
      if (!boundOf(node[i], tally)) return false;
    }
    return true;
  }
  for (const k of Object.keys(node)) {
    const v = node[k];
    const dynamic = k.length > 2 && k.endsWith(".$");
    tally.fixed += (dynamic ? k.length - 2 : k.length) * 6 + 4;
    if (!dynamic) {
      if (!boundOf(v, tally)) return false;
    } else if (typeof v !== "string" || isIntrinsic(v)) return false;
    else {
      // a definite path into the input: one part of it (an indefinite one gathers a list that can be larger)
      const ref = compileRef(v);
      if (ref.root !== "input" || !ref.path.definite) return false;
      tally.reads++;
    }
  }
  return true;
}

const constant =
  (v: JSONValue): Getter =>
  () =>
    v;

/** True when a template or path string reads the context object anywhere. */
export function usesContext(node: JSONValue): boolean {
  if (typeof node === "string") return node.includes("$$");
  if (Array.isArray(node)) return node.some(usesContext);
  if (node && typeof node === "object")
    return Object.entries(node).some(([k, v]) => (k.endsWith(".$") && usesContext(v)) || (typeof v === "object" && usesContext(v)));
  return false;
}
