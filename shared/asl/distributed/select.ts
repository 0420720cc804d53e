/**
 * ItemSelector of a Distributed Map, evaluated by the host for each item: the template sees the Map
 * state's input as `$` (`$states.input`), its context with `Map.Item`, and the variables in scope.
 */
import type { EvalEnv, JSONObject, JSONValue } from "../types.ts";
import { compileTemplate } from "../eval/template.ts";
import { compileJsonataTemplate, type JsonataEnv } from "../jsonata/index.ts";
import type { SelectorSpec } from "./types.ts";

export interface Randomness {
  random(): number;
  uuid(): string;
  now?: number;
}

export type Selector = (index: number, value: JSONValue) => JSONValue;

/** Compile once per Map Run; call per item. */
export function makeSelector(spec: SelectorSpec, source: Randomness): Selector {
  const jsonata = spec.queryLanguage === "JSONata";
  const get = jsonata ? compileJsonataTemplate(spec.template, "ItemSelector") : compileTemplate(spec.template);
  return (index, value) => {
    const context: JSONObject = { ...spec.context, Map: { Item: { Index: index, Value: value } } };
    const env: EvalEnv & JsonataEnv = {
      input: spec.input,
      context,
      vars: spec.variables,
      states: { input: spec.input, context },
      random: () => source.random(),
      uuid: () => source.uuid(),
      now: source.now,
    };
    return get(env);
  };
}
