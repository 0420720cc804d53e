/** Choice: its rules (JSONPath comparisons or JSONata Conditions) and its Default. */
import { StatesError, type EvalEnv, type JSONObject } from "../../types.ts";
import { compileRule, type Predicate } from "../../eval/choice.ts";
import { compileJsonataTemplate, jsonType, type JsonataEnv } from "../../jsonata/index.ts";
import type { Compiler } from "../compiler.ts";
import { compileAssign, jsonataValue, type JGetter } from "../query-language.ts";
import { makeState, type CommonFields } from "../shape.ts";
import type { ChoiceRule, ChoiceState } from "../types.ts";

const never: Predicate = () => false;

export function compileChoice(compiler: Compiler, def: JSONObject, loc: string, common: CommonFields): ChoiceState {
  const rules = (def.Choices as JSONObject[]) ?? [];
  const choices = rules.map((rule, i) =>
    common.ql === "JSONata" ? jsonataRule(compiler, rule, `${loc}/Choices/${i}`) : jsonPathRule(compiler, rule, `${loc}/Choices/${i}`),
  );
  return makeState("Choice", common, {
    choices,
    default: typeof def.Default === "string" ? def.Default : undefined,
    defaultState: undefined,
  });
}

function jsonPathRule(compiler: Compiler, rule: JSONObject, loc: string): ChoiceRule {
  const assign = rule.Assign;
  return {
    test: compiler.attempt(loc, () => compileRule(rule)) ?? never,
    next: String(rule.Next),
    target: undefined,
    assign: assign !== undefined ? compiler.attempt(`${loc}/Assign`, () => compileAssign(assign, "JSONPath")) : undefined,
    output: undefined,
  };
}

function jsonataRule(compiler: Compiler, rule: JSONObject, loc: string): ChoiceRule {
  const condition = compiler.attempt(`${loc}/Condition`, () => jsonataValue(rule.Condition ?? null, "Condition"));
  const { Assign: assign, Output: output } = rule;
  return {
    test: condition ? booleanCondition(condition, String(rule.Condition)) : never,
    next: String(rule.Next),
    target: undefined,
    assign: assign !== undefined ? compiler.attempt(`${loc}/Assign`, () => compileAssign(assign, "JSONata")) : undefined,
    output: output !== undefined ? compiler.attempt(`${loc}/Output`, () => compileJsonataTemplate(output, "Output")) : undefined,
  };
}

/** A Condition must give a boolean; anything else is AWS's States.QueryEvaluationError. */
function booleanCondition(condition: JGetter, src: string): Predicate {
  return (env: EvalEnv) => {
    const v = condition(env as JsonataEnv);
    if (typeof v !== "boolean")
      throw new StatesError(
        "States.QueryEvaluationError",
        `The JSONata expression '${src}' specified for the field 'Condition' returned an unexpected result type. ` +
          `Expected 'boolean', but was '${jsonType(v)}' for value: ${JSON.stringify(v)}`,
      );
    return v;
  };
}
