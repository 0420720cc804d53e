/**
 * Compilation: a validated definition becomes a tree of scopes (the top level, each Parallel
 * branch, each Map processor) whose states carry precompiled paths, templates and rules.
 *
 * Laid out like the engine as a whole (see ../index.ts): compiler.ts walks the definition and
 * compiles what every state may have; states/<type>.ts compiles what is a state type's own; shape.ts
 * makes every compiled state with one object shape; types.ts is the union of compiled states.
 */
import type { Diagnostic, StateMachineType } from "../types.ts";
import { validateDefinition } from "../validate/index.ts";
import { Compiler } from "./compiler.ts";
import type { StateMachine } from "./types.ts";

export type * from "./types.ts";

export class DefinitionError extends Error {
  readonly code = "InvalidDefinition";
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic[]) {
    super("Invalid State Machine Definition: " + diagnostics.map((d) => `'${d.code}: ${d.message} at ${d.location}'`).join(", "));
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
  const compiler = new Compiler(def.QueryLanguage === "JSONata" ? "JSONata" : "JSONPath");
  compiler.scope(def, "");
  if (compiler.problems.length) throw new DefinitionError(compiler.problems);
  return {
    definition: def,
    type: opts.type ?? "STANDARD",
    timeoutSeconds: typeof def.TimeoutSeconds === "number" ? def.TimeoutSeconds : undefined,
    scopes: compiler.scopes,
  };
}
