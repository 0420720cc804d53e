/** Map: its processor scope, the items, ItemSelector, MaxConcurrency and the tolerated failures. */
import type { JSONObject } from "../../types.ts";
import { compileTemplate } from "../../eval/template.ts";
import type { Compiler } from "../compiler.ts";
import { compileDistributed } from "./distributed.ts";
import { makeState, type CommonFields } from "../shape.ts";
import type { MapState } from "../types.ts";

export function compileMap(compiler: Compiler, def: JSONObject, loc: string, common: CommonFields): MapState {
  const processorDef = (def.ItemProcessor ?? def.Iterator) as JSONObject | undefined;
  // the validator requires a processor; -1 is never run (the definition is refused)
  const processor = processorDef ? compiler.scope(processorDef, `${loc}/${def.ItemProcessor ? "ItemProcessor" : "Iterator"}`) : -1;
  if (common.ql === "JSONata")
    return makeState("Map", common, {
      processor,
      itemsPath: undefined,
      itemSelector: undefined,
      maxConcurrency: 0,
      maxConcurrencyPath: undefined,
      toleratedFailureCount: undefined,
      toleratedFailureCountPath: undefined,
      toleratedFailurePercentage: undefined,
      toleratedFailurePercentagePath: undefined,
      distributed: compileDistributed(compiler, def, loc, "JSONata"),
    });
  const itemsPath = compiler.ref(def.ItemsPath, loc, "ItemsPath");
  // Parameters is ItemSelector's old name here, not the state's own input template
  const selector = def.ItemSelector ?? def.Parameters;
  const selectorField = def.ItemSelector ? "ItemSelector" : "Parameters";
  const itemSelector = selector === undefined ? undefined : compiler.attempt(`${loc}/${selectorField}`, () => compileTemplate(selector));
  return makeState(
    "Map",
    { ...common, parameters: undefined },
    {
      processor,
      itemsPath,
      itemSelector,
      maxConcurrency: compiler.number(def.MaxConcurrency) ?? 0,
      maxConcurrencyPath: compiler.ref(def.MaxConcurrencyPath, loc, "MaxConcurrencyPath"),
      toleratedFailureCount: compiler.number(def.ToleratedFailureCount),
      toleratedFailureCountPath: compiler.ref(def.ToleratedFailureCountPath, loc, "ToleratedFailureCountPath"),
      toleratedFailurePercentage: compiler.number(def.ToleratedFailurePercentage),
      toleratedFailurePercentagePath: compiler.ref(def.ToleratedFailurePercentagePath, loc, "ToleratedFailurePercentagePath"),
      distributed: compileDistributed(compiler, def, loc, "JSONPath"),
    },
  );
}
