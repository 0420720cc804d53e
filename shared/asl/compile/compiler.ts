/**
 * The compiler's walk: each scope, each state's common fields (paths, Parameters, ResultSelector,
 * Retry, Catch, Assign, the JSONata fields), then its type's own through one module per state type.
 */
import type { Diagnostic, JSONObject, JSONValue } from "../types.ts";
import { putField } from "../../json/put-field.ts";
import { compileRef, type Ref } from "../eval/ref.ts";
import { compileTemplate, TemplateBound, TemplateError, type Getter } from "../eval/template.ts";
import { compileJsonataTemplate } from "../jsonata/index.ts";
import { compilePath, PathSyntaxError, type CompiledPath, type Seg } from "../jsonpath/index.ts";
import { compileAssign, compileJsonataFields, type QueryLanguage } from "./query-language.ts";
import { linkStates, makeState, type CommonFields } from "./shape.ts";
import type { Catcher, CState, Retrier, Scope, StateType } from "./types.ts";
import { compileChoice } from "./states/choice.ts";
import { compileFail } from "./states/fail.ts";
import { compileMap } from "./states/map.ts";
import { compileParallel } from "./states/parallel.ts";
import { compilePass } from "./states/pass.ts";
import { compileTask } from "./states/task.ts";
import { compileWait } from "./states/wait.ts";

export class Compiler {
  scopes: Scope[] = [];
  problems: Diagnostic[] = [];
  /** The machine's query language; states inherit it unless they say otherwise. */
  readonly ql: QueryLanguage;
  constructor(ql: QueryLanguage) {
    this.ql = ql;
  }

  fail(location: string, message: string) {
    this.problems.push({ code: "SCHEMA_VALIDATION_FAILED", location, message, severity: "ERROR" });
  }

  /** Run a compile step, turning a syntax error into a diagnostic at `loc`. */
  attempt<T>(loc: string, make: () => T): T | undefined {
    try {
      return make();
    } catch (e) {
      return this.failed(e, loc);
    }
  }

  /** A compile step's error as a diagnostic at `loc` (anything but a syntax error propagates). */
  private failed(e: unknown, loc: string): undefined {
    if (e instanceof TemplateError) this.fail(loc + e.pointer, e.message);
    else if (e instanceof PathSyntaxError || e instanceof Error) this.fail(loc, (e as Error).message);
    else throw e;
    return undefined;
  }

  /** A template field of the state at `loc`, or undefined (a diagnostic there); its location is made only for a diagnostic. */
  private template(tpl: JSONValue, loc: string, field: string): Getter | undefined {
    try {
      return compileTemplate(tpl);
    } catch (e) {
      return this.failed(e, `${loc}/${field}`);
    }
  }

  /** Compile a scope's states; returns the scope's id. */
  scope(def: JSONObject, loc: string): number {
    const id = this.scopes.length;
    const scope: Scope = { id, startAt: String(def.StartAt), states: {} };
    this.scopes.push(scope);
    const states = (def.States ?? {}) as Record<string, JSONObject>;
    // a state named "__proto__" is a field of the table, not its prototype
    for (const name of Object.keys(states)) putField(scope.states, name, this.state(name, states[name], `${loc}/States/${name}`));
    linkStates(scope.states);
    return id;
  }

  /** A number field's value, or undefined. */
  number(v: JSONValue | undefined): number | undefined {
    return typeof v === "number" ? v : undefined;
  }

  /** A `...Path` field (a reference to `$`, `$$` or a variable), or undefined when absent. */
  ref(v: JSONValue | undefined, loc: string, field: string): Ref | undefined {
    if (typeof v !== "string") return undefined;
    return this.attempt(`${loc}/${field}`, () => compileRef(v));
  }

  private nullableRef(def: JSONObject, loc: string, field: string): Ref | null | undefined {
    if (!(field in def)) return undefined;
    if (def[field] === null) return null;
    return this.ref(def[field], loc, field);
  }

  /** ResultPath of the state at `loc` (its location is made only for a diagnostic). */
  private resultPath(v: JSONValue | undefined, present: boolean, loc: string): Seg[] | null | undefined {
    if (!present) return undefined;
    if (v === null) return null;
    if (typeof v !== "string") return undefined;
    let path: CompiledPath;
    try {
      path = compilePath(v);
    } catch (e) {
      return this.failed(e, `${loc}/ResultPath`);
    }
    if (!path.reference) this.fail(`${loc}/ResultPath`, `The value for the field 'ResultPath' must be a valid reference path: ${v}`);
    return path.segs;
  }

  private state(name: string, def: JSONObject, loc: string): CState {
    const type = def.Type as StateType;
    const machineJsonata = def.QueryLanguage === undefined && this.ql === "JSONata";
    const ql: QueryLanguage = def.QueryLanguage === "JSONata" || machineJsonata ? "JSONata" : "JSONPath";
    const common = this.common(name, def, loc, ql);
    switch (type) {
      case "Pass":
        return compilePass(def, common);
      case "Task":
        return compileTask(this, def, loc, common);
      case "Choice":
        return compileChoice(this, def, loc, common);
      case "Wait":
        return compileWait(this, def, loc, common);
      case "Succeed":
        return makeState("Succeed", common, {});
      case "Fail":
        return compileFail(this, def, loc, common);
      case "Parallel":
        return compileParallel(this, def, loc, common);
      case "Map":
        return compileMap(this, def, loc, common);
    }
  }

  /** What every state may have, in the order its problems are reported. */
  private common(name: string, def: JSONObject, loc: string, ql: QueryLanguage): CommonFields {
    const inputPath = this.nullableRef(def, loc, "InputPath");
    const outputPath = this.nullableRef(def, loc, "OutputPath");
    const resultPath = this.resultPath(def.ResultPath, "ResultPath" in def, loc);
    const parameters = def.Parameters;
    const selector = def.ResultSelector;
    const common: CommonFields = {
      name,
      ql,
      j: undefined,
      assign: undefined,
      next: typeof def.Next === "string" ? def.Next : undefined,
      inputPath,
      outputPath,
      resultPath,
      resultPathSrc: typeof def.ResultPath === "string" ? def.ResultPath : undefined,
      parameters: parameters === undefined ? undefined : this.template(parameters, loc, "Parameters"),
      parametersBound: undefined,
      resultSelector: selector === undefined ? undefined : this.template(selector, loc, "ResultSelector"),
      retry: Array.isArray(def.Retry) ? (def.Retry as JSONObject[]).map((retrier) => this.retrier(retrier)) : [],
      catch: Array.isArray(def.Catch)
        ? (def.Catch as JSONObject[]).map((catcher, i) => this.catcher(catcher, ql, `${loc}/Catch/${i}`))
        : [],
    };
    if (common.parameters && ql === "JSONPath") common.parametersBound = new TemplateBound(parameters as JSONValue);
    const assign = def.Assign;
    if (assign !== undefined) common.assign = this.attempt(`${loc}/Assign`, () => compileAssign(assign, ql));
    if (ql === "JSONata") common.j = compileJsonataFields(def, (field, make) => this.attempt(`${loc}/${field}`, make));
    return common;
  }

  private retrier(def: JSONObject): Retrier {
    return {
      errors: (def.ErrorEquals as string[]) ?? [],
      interval: this.number(def.IntervalSeconds) ?? 1,
      maxAttempts: this.number(def.MaxAttempts) ?? 3,
      backoff: this.number(def.BackoffRate) ?? 2,
      maxDelay: this.number(def.MaxDelaySeconds),
      jitter: def.JitterStrategy === "FULL",
    };
  }

  private catcher(def: JSONObject, ql: QueryLanguage, loc: string): Catcher {
    const output = def.Output;
    const assign = def.Assign;
    return {
      errors: (def.ErrorEquals as string[]) ?? [],
      next: String(def.Next),
      target: undefined,
      resultPath: this.resultPath(def.ResultPath, "ResultPath" in def, loc),
      resultPathSrc: typeof def.ResultPath === "string" ? def.ResultPath : undefined,
      output:
        ql === "JSONata" && output !== undefined
          ? this.attempt(`${loc}/Output`, () => compileJsonataTemplate(output, "Output"))
          : undefined,
      assign: assign !== undefined ? this.attempt(`${loc}/Assign`, () => compileAssign(assign, ql)) : undefined,
    };
  }
}
