/** Choice: the first rule that matches, else Default, else States.NoChoiceMatched. */
import { StatesError, type JSONValue } from "../../types.ts";
import type { ChoiceRule, ChoiceState } from "../../compile/index.ts";
import type { Env } from "../env.ts";
import { applyPath } from "../io.ts";
import { assignOf, exited, mergeAssigned, setVars, type Step } from "../transition.ts";
import type { Execution, Frame, Host } from "../types.ts";

export function runChoice(exec: Execution, frame: Frame, state: ChoiceState, host: Host, env: Env): Step {
  const jsonata = state.j;
  const effective = jsonata ? frame.input : applyPath(state.inputPath, env);
  env.input = effective;
  let next = state.default;
  let matched: ChoiceRule | undefined;
  for (const rule of state.choices)
    if (rule.test(env)) {
      next = rule.next;
      matched = rule;
      break;
    }
  if (next === undefined) throw new StatesError("States.NoChoiceMatched", "No Matches!");
  // the state's Assign applies whichever rule matched; a matching rule's own Assign wins over it
  const assigned = mergeAssigned(assignOf(state.assign, state, env, effective), assignOf(matched?.assign, state, env, effective));
  env.input = effective;
  let output: JSONValue;
  if (jsonata) {
    // the matching rule's Output, else the state's (Default), else the input
    const outputOf = matched?.output ?? jsonata.output;
    output = outputOf ? outputOf(env) : frame.input;
  } else output = state.outputPath === undefined ? effective : applyPath(state.outputPath, env);
  exited(exec, frame, state, host, output, assigned);
  if (assigned) setVars(frame, assigned);
  return { next, to: matched ? matched.target : state.defaultState, output };
}
