/**
 * Compilation: a validated definition becomes a tree of scopes (the top level, each Parallel
 * branch, each Map processor) whose states carry precompiled paths, templates and rules.
 */
import { StatesError, type Diagnostic, type EvalEnv, type JSONObject, type JSONValue, type StateMachineType } from "./types.ts";
import { compileRef, type Ref } from "./eval/ref.ts";
import { compilePath, PathSyntaxError, type Seg } from "./jsonpath/index.ts";
import { compileTemplate, compileDynamic, TemplateError, type Getter } from "./eval/template.ts";
import { compileRule, type Predicate } from "./eval/choice.ts";
import { parseTimestamp } from "./eval/timestamp.ts";
import { validateDefinition } from "./validate/index.ts";
import { compileAssign, compileJsonataFields, jsonataValue, type JGetter, type JsonataFields, type QueryLanguage } from "./compile-ql.ts";
import { compileJsonataTemplate, type JsonataEnv } from "./jsonata/index.ts";

export type StateType = "Pass" | "Task" | "Choice" | "Wait" | "Succeed" | "Fail" | "Parallel" | "Map";
export type Pattern = "request-response" | "sync" | "sync2" | "waitForTaskToken";

export interface Retrier {
  errors: string[];
  interval: number;
  maxAttempts: number;
  backoff: number;
  maxDelay?: number;
  jitter: boolean;
}
export interface Catcher {
  errors: string[];
  next: string;
  /** JSONata: the state's output when this catcher takes the error (default: the error output). */
  output?: JGetter;
  assign?: (env: JsonataEnv) => JSONObject;
  /** undefined: `$` (replace), null: discard, else a reference path. */
  resultPath: Seg[] | null | undefined;
  resultPathSrc?: string;
}

export interface CState {
  name: string;
  type: StateType;
  ql: QueryLanguage;
  /** The JSONata fields, for a JSONata state. */
  j?: JsonataFields;
  /** Variables this state assigns when it ends (name → value). */
  assign?: (env: JsonataEnv) => JSONObject;
  next?: string;
  end: boolean;
  /** undefined: `$`; null: `{}`. */
  inputPath?: Ref | null;
  outputPath?: Ref | null;
  resultPath: Seg[] | null | undefined;
  resultPathSrc?: string;
  parameters?: Getter;
  resultSelector?: Getter;
  retry: Retrier[];
  catch: Catcher[];
  // Pass
  result?: JSONValue;
  hasResult?: boolean;
  // Choice
  choices?: { test: Predicate; next: string; assign?: (env: JsonataEnv) => JSONObject; output?: JGetter }[];
  default?: string;
  // Wait
  seconds?: number;
  secondsPath?: Ref;
  timestamp?: string;
  timestampPath?: Ref;
  // Fail
  error?: string;
  errorPath?: Getter;
  cause?: string;
  causePath?: Getter;
  // Task
  resource?: string;
  pattern?: Pattern;
  timeoutSeconds?: number;
  timeoutSecondsPath?: Ref;
  heartbeatSeconds?: number;
  heartbeatSecondsPath?: Ref;
  // Parallel
  branches?: number[];
  // Map
  processor?: number;
  itemsPath?: Ref;
  itemSelector?: Getter;
  maxConcurrency?: number;
  maxConcurrencyPath?: Ref;
  toleratedFailureCount?: number;
  toleratedFailureCountPath?: Ref;
  toleratedFailurePercentage?: number;
  toleratedFailurePercentagePath?: Ref;
}

export interface Scope {
  id: number;
  startAt: string;
  states: Record<string, CState>;
}

/** A compiled state machine: plain data plus closures, built once and shared by executions. */
export interface StateMachine {
  definition: JSONObject;
  type: StateMachineType;
  timeoutSeconds?: number;
  scopes: Scope[];
}

export class DefinitionError extends Error {
  readonly code = "InvalidDefinition";
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic[]) {
    super(
      "Invalid State Machine Definition: " +
        diagnostics.map((d) => `'${d.code}: ${d.message} at ${d.location}'`).join(", "),
    );
    this.diagnostics = diagnostics;
  }
}

export interface CompileOptions {
  type?: StateMachineType;
}

/** Validate without compiling to closures; never throws. */
export function validate(definition: unknown, opts: CompileOptions = {}): { valid: boolean; diagnostics: Diagnostic[] } {
  try {
    compile(definition, opts);
    return { valid: true, diagnostics: [] };
  } catch (e) {
    if (e instanceof DefinitionError) return { valid: false, diagnostics: e.diagnostics };
    throw e;
  }
}

/** Validate and compile a definition (text or object). Throws DefinitionError with every problem. */
export function compile(definition: unknown, opts: CompileOptions = {}): StateMachine {
  const { definition: def, diagnostics } = validateDefinition(definition, { type: opts.type });
  if (diagnostics.some((d) => d.severity === "ERROR") || !def) throw new DefinitionError(diagnostics);
  const c = new Compiler(def.QueryLanguage === "JSONata" ? "JSONata" : "JSONPath");
  c.scope(def, "");
  if (c.problems.length) throw new DefinitionError(c.problems);
  return {
    definition: def,
    type: opts.type ?? "STANDARD",
    timeoutSeconds: typeof def.TimeoutSeconds === "number" ? def.TimeoutSeconds : undefined,
    scopes: c.scopes,
  };
}

const num = (v: JSONValue | undefined): number | undefined => (typeof v === "number" ? v : undefined);

class Compiler {
  scopes: Scope[] = [];
  problems: Diagnostic[] = [];
  /** The machine's query language; states inherit it unless they say otherwise. */
  private readonly ql: QueryLanguage;
  constructor(ql: QueryLanguage) {
    this.ql = ql;
  }

  private fail(location: string, message: string) {
    this.problems.push({ code: "SCHEMA_VALIDATION_FAILED", location, message, severity: "ERROR" });
  }

  /** Run a compile step, turning a syntax error into a diagnostic at `loc`. */
  private try<T>(loc: string, f: () => T): T | undefined {
    try {
      return f();
    } catch (e) {
      if (e instanceof TemplateError) this.fail(loc + e.pointer, e.message);
      else if (e instanceof PathSyntaxError || e instanceof Error) this.fail(loc, (e as Error).message);
      else throw e;
      return undefined;
    }
  }

  scope(def: JSONObject, loc: string): number {
    const id = this.scopes.length;
    const scope: Scope = { id, startAt: String(def.StartAt), states: {} };
    this.scopes.push(scope);
    const states = (def.States ?? {}) as Record<string, JSONObject>;
    for (const [name, s] of Object.entries(states)) scope.states[name] = this.state(name, s, `${loc}/States/${name}`);
    return id;
  }

  private ref(v: JSONValue | undefined, loc: string, field: string): Ref | undefined {
    if (typeof v !== "string") return undefined;
    return this.try(`${loc}/${field}`, () => compileRef(v));
  }

  private nullableRef(s: JSONObject, loc: string, field: string): Ref | null | undefined {
    if (!(field in s)) return undefined;
    if (s[field] === null) return null;
    return this.ref(s[field], loc, field);
  }

  private resultPath(v: JSONValue | undefined, present: boolean, loc: string): Seg[] | null | undefined {
    if (!present) return undefined;
    if (v === null) return null;
    if (typeof v !== "string") return undefined;
    const p = this.try(loc, () => compilePath(v));
    if (p && !p.reference) this.fail(loc, `The value for the field 'ResultPath' must be a valid reference path: ${v}`);
    return p?.segs;
  }

  private state(name: string, s: JSONObject, loc: string): CState {
    const type = s.Type as StateType;
    const ql: QueryLanguage = s.QueryLanguage === "JSONata" || (s.QueryLanguage === undefined && this.ql === "JSONata") ? "JSONata" : "JSONPath";
    // Every field is present from the start, in one order, so all compiled states share one object
    // shape and the interpreter's property reads stay monomorphic across state types.
    const st: CState = {
      name,
      type,
      ql,
      j: undefined,
      assign: undefined,
      next: typeof s.Next === "string" ? s.Next : undefined,
      end: s.End === true,
      inputPath: this.nullableRef(s, loc, "InputPath"),
      outputPath: this.nullableRef(s, loc, "OutputPath"),
      resultPath: this.resultPath(s.ResultPath, "ResultPath" in s, `${loc}/ResultPath`),
      resultPathSrc: typeof s.ResultPath === "string" ? s.ResultPath : undefined,
      parameters: undefined,
      resultSelector: undefined,
      retry: [],
      catch: [],
      result: undefined,
      hasResult: undefined,
      choices: undefined,
      default: undefined,
      seconds: undefined,
      secondsPath: undefined,
      timestamp: undefined,
      timestampPath: undefined,
      error: undefined,
      errorPath: undefined,
      cause: undefined,
      causePath: undefined,
      resource: undefined,
      pattern: undefined,
      timeoutSeconds: undefined,
      timeoutSecondsPath: undefined,
      heartbeatSeconds: undefined,
      heartbeatSecondsPath: undefined,
      branches: undefined,
      processor: undefined,
      itemsPath: undefined,
      itemSelector: undefined,
      maxConcurrency: undefined,
      maxConcurrencyPath: undefined,
      toleratedFailureCount: undefined,
      toleratedFailureCountPath: undefined,
      toleratedFailurePercentage: undefined,
      toleratedFailurePercentagePath: undefined,
    };
    if (s.Parameters !== undefined) st.parameters = this.try(`${loc}/Parameters`, () => compileTemplate(s.Parameters!));
    if (s.ResultSelector !== undefined)
      st.resultSelector = this.try(`${loc}/ResultSelector`, () => compileTemplate(s.ResultSelector!));
    if (Array.isArray(s.Retry))
      st.retry = (s.Retry as JSONObject[]).map((r) => ({
        errors: (r.ErrorEquals as string[]) ?? [],
        interval: num(r.IntervalSeconds) ?? 1,
        maxAttempts: num(r.MaxAttempts) ?? 3,
        backoff: num(r.BackoffRate) ?? 2,
        maxDelay: num(r.MaxDelaySeconds),
        jitter: r.JitterStrategy === "FULL",
      }));
    if (Array.isArray(s.Catch))
      st.catch = (s.Catch as JSONObject[]).map((c, i) => ({
        errors: (c.ErrorEquals as string[]) ?? [],
        next: String(c.Next),
        resultPath: this.resultPath(c.ResultPath, "ResultPath" in c, `${loc}/Catch/${i}/ResultPath`),
        resultPathSrc: typeof c.ResultPath === "string" ? c.ResultPath : undefined,
        output: ql === "JSONata" && "Output" in c ? this.try(`${loc}/Catch/${i}/Output`, () => compileJsonataTemplate(c.Output!, "Output")) : undefined,
        assign: "Assign" in c ? this.try(`${loc}/Catch/${i}/Assign`, () => compileAssign(c.Assign!, ql)) : undefined,
      }));
    if ("Assign" in s) st.assign = this.try(`${loc}/Assign`, () => compileAssign(s.Assign!, ql));
    if (ql === "JSONata") {
      st.j = compileJsonataFields(s, (field, f) => this.try(`${loc}/${field}`, f));
      return this.jsonataSpecifics(st, s, loc);
    }

    switch (type) {
      case "Pass":
        if ("Result" in s) {
          st.result = s.Result;
          st.hasResult = true;
        }
        break;
      case "Choice":
        st.choices = ((s.Choices as JSONObject[]) ?? []).map((r, i) => ({
          test: this.try(`${loc}/Choices/${i}`, () => compileRule(r)) ?? (() => false),
          next: String(r.Next),
          assign: "Assign" in r ? this.try(`${loc}/Choices/${i}/Assign`, () => compileAssign(r.Assign!, "JSONPath")) : undefined,
          output: undefined,
        }));
        st.default = typeof s.Default === "string" ? s.Default : undefined;
        break;
      case "Wait":
        st.seconds = num(s.Seconds);
        st.secondsPath = this.ref(s.SecondsPath, loc, "SecondsPath");
        if (typeof s.Timestamp === "string") st.timestamp = s.Timestamp;
        st.timestampPath = this.ref(s.TimestampPath, loc, "TimestampPath");
        if (st.timestamp !== undefined && parseTimestamp(st.timestamp) === undefined)
          this.fail(`${loc}/Timestamp`, "String does not match RFC3339 timestamp");
        break;
      case "Fail":
        if (typeof s.Error === "string") st.error = s.Error;
        if (typeof s.Cause === "string") st.cause = s.Cause;
        if (typeof s.ErrorPath === "string") st.errorPath = this.try(`${loc}/ErrorPath`, () => compileDynamic(s.ErrorPath as string, "ErrorPath"));
        if (typeof s.CausePath === "string") st.causePath = this.try(`${loc}/CausePath`, () => compileDynamic(s.CausePath as string, "CausePath"));
        break;
      case "Task": {
        this.resource(st, s);
        st.timeoutSeconds = num(s.TimeoutSeconds);
        st.timeoutSecondsPath = this.ref(s.TimeoutSecondsPath, loc, "TimeoutSecondsPath");
        st.heartbeatSeconds = num(s.HeartbeatSeconds);
        st.heartbeatSecondsPath = this.ref(s.HeartbeatSecondsPath, loc, "HeartbeatSecondsPath");
        break;
      }
      case "Parallel":
        this.nested(st, s, loc);
        break;
      case "Map": {
        this.nested(st, s, loc);
        st.itemsPath = this.ref(s.ItemsPath, loc, "ItemsPath");
        const sel = s.ItemSelector ?? s.Parameters;
        st.parameters = undefined;
        if (sel !== undefined)
          st.itemSelector = this.try(`${loc}/${s.ItemSelector ? "ItemSelector" : "Parameters"}`, () => compileTemplate(sel));
        st.maxConcurrency = num(s.MaxConcurrency) ?? 0;
        st.maxConcurrencyPath = this.ref(s.MaxConcurrencyPath, loc, "MaxConcurrencyPath");
        st.toleratedFailureCount = num(s.ToleratedFailureCount);
        st.toleratedFailurePercentage = num(s.ToleratedFailurePercentage);
        st.toleratedFailureCountPath = this.ref(s.ToleratedFailureCountPath, loc, "ToleratedFailureCountPath");
        st.toleratedFailurePercentagePath = this.ref(s.ToleratedFailurePercentagePath, loc, "ToleratedFailurePercentagePath");
        break;
      }
    }
    return st;
  }

  /** A Task's resource and integration pattern, from the suffix of its Resource. */
  private resource(st: CState, s: JSONObject) {
    const res = String(s.Resource);
    st.resource = res;
    st.pattern = res.endsWith(".sync:2") ? "sync2" : res.endsWith(".sync") ? "sync" : res.endsWith(".waitForTaskToken") ? "waitForTaskToken" : "request-response";
  }

  /** The scopes a Parallel (its branches) or a Map (its processor) runs. */
  private nested(st: CState, s: JSONObject, loc: string) {
    if (st.type === "Parallel") st.branches = ((s.Branches as JSONObject[]) ?? []).map((b, i) => this.scope(b, `${loc}/Branches/${i}`));
    else {
      const proc = (s.ItemProcessor ?? s.Iterator) as JSONObject | undefined;
      if (proc) st.processor = this.scope(proc, `${loc}/${s.ItemProcessor ? "ItemProcessor" : "Iterator"}`);
    }
  }

  /** What a JSONata state needs beyond its fields: Choice rules, branches, processors, the resource. */
  private jsonataSpecifics(st: CState, s: JSONObject, loc: string): CState {
    switch (st.type) {
      case "Choice":
        st.choices = ((s.Choices as JSONObject[]) ?? []).map((r, i) => {
          const cond = this.try(`${loc}/Choices/${i}/Condition`, () => jsonataValue(r.Condition ?? null, "Condition"));
          const test = cond
            ? (env: EvalEnv) => {
                const v = cond(env as JsonataEnv);
                if (typeof v !== "boolean")
                  throw new StatesError(
                    "States.QueryEvaluationError",
                    `The JSONata expression '${String(r.Condition)}' specified for the field 'Condition' returned an unexpected result type. Expected 'boolean', but was '${jsonType(v)}' for value: ${JSON.stringify(v)}`,
                  );
                return v;
              }
            : () => false;
          return {
            test,
            next: String(r.Next),
            assign: "Assign" in r ? this.try(`${loc}/Choices/${i}/Assign`, () => compileAssign(r.Assign!, "JSONata")) : undefined,
            output: "Output" in r ? this.try(`${loc}/Choices/${i}/Output`, () => compileJsonataTemplate(r.Output!, "Output")) : undefined,
          };
        });
        st.default = typeof s.Default === "string" ? s.Default : undefined;
        break;
      case "Task":
        this.resource(st, s);
        break;
      case "Parallel":
        this.nested(st, s, loc);
        break;
      case "Map":
        this.nested(st, s, loc);
        st.maxConcurrency = 0;
        break;
    }
    return st;
  }
}

/** AWS's names for JSON types in QueryEvaluationError causes. */
export function jsonType(v: JSONValue | undefined): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}
