/**
 * The small machines TestState runs: the state under test, with each state it may go to replaced
 * by a placeholder Task (so the run stops there and says where it went), and the stand-ins for a
 * mocked Map or Parallel state.
 */
import { compile, DefinitionError, type JSONObject, type JSONValue, type StateMachine } from "../index.ts";
import { ITEM_STUB, MOCK_STUB, NEXT_STUB } from "./drive.ts";
import { TestStateError } from "./types.ts";

const FLOWING = new Set(["Pass", "Task", "Wait", "Map", "Parallel"]);

function isObject(v: unknown): v is JSONObject {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** Every state name the state may go to: Next, Choice rules and Default, catchers. */
export function targets(state: JSONObject): string[] {
  const out: string[] = [];
  const add = (v: JSONValue | undefined) => {
    if (typeof v === "string" && !out.includes(v)) out.push(v);
  };
  add(state.Next);
  add(state.Default);
  for (const list of [state.Choices, state.Catch]) if (Array.isArray(list)) for (const c of list) if (isObject(c)) add(c.Next);
  return out;
}

/** A name not among `taken`, starting from `wanted`. */
export function freeName(wanted: string, taken: Iterable<string>): string {
  const t = new Set(taken);
  let n = wanted;
  while (t.has(n)) n += "_";
  return n;
}

/**
 * The test machine: `state` under the name `name`, without its retriers, with only `catcher`
 * (if any) as its Catch, and going to `endName` where it would end.
 */
export function testMachine(state: JSONObject, name: string, endName: string, catcher?: JSONValue): StateMachine {
  const s: JSONObject = { ...state };
  delete s.Retry;
  delete s.Catch;
  if (catcher !== undefined) s.Catch = [catcher];
  if (!("Next" in s) && (s.End === true || (typeof s.Type === "string" && FLOWING.has(s.Type)))) {
    delete s.End;
    s.Next = endName;
  }
  const states: JSONObject = { [name]: s };
  for (const t of targets(s)) if (t !== name) states[t] = { Type: "Task", Resource: NEXT_STUB, End: true };
  return compileTest({ StartAt: name, States: states });
}

export function compileTest(def: JSONObject): StateMachine {
  try {
    return compile(def, { type: "STANDARD" });
  } catch (e) {
    if (e instanceof DefinitionError) throw new TestStateError("InvalidDefinition", e.message);
    throw e;
  }
}

const TASK_LIKE = ["Comment", "QueryLanguage", "InputPath", "OutputPath", "ResultPath", "ResultSelector", "Output", "Assign", "Next", "End", "Catch", "Retry"];

/** A Task that does to the mocked result what the Map or Parallel state does to its result. */
export function mockStandIn(state: JSONObject): JSONObject {
  const t: JSONObject = { Type: "Task", Resource: MOCK_STUB };
  const keep = state.Type === "Parallel" ? [...TASK_LIKE, "Parameters", "Arguments"] : TASK_LIKE;
  for (const k of keep) if (k in state) t[k] = state[k];
  return t;
}

/**
 * A Map that evaluates the real state's items, concurrency and tolerated failures, then stops at
 * its first iteration (a placeholder Task), so the run reports how many iterations there are.
 */
export function itemsProbe(state: JSONObject, name: string): StateMachine {
  const s: JSONObject = {};
  const keep = ["QueryLanguage", "InputPath", "ItemsPath", "Items", "MaxConcurrency", "MaxConcurrencyPath",
    "ToleratedFailureCount", "ToleratedFailureCountPath", "ToleratedFailurePercentage", "ToleratedFailurePercentagePath"];
  for (const k of keep) if (k in state) s[k] = state[k];
  const processor = isObject(state.ItemProcessor) ? state.ItemProcessor : isObject(state.Iterator) ? state.Iterator : {};
  s.Type = "Map";
  s.ItemProcessor = {
    ...(isObject(processor.ProcessorConfig) ? { ProcessorConfig: processor.ProcessorConfig } : {}),
    StartAt: "Item",
    States: { Item: { Type: "Task", Resource: ITEM_STUB, End: true } },
  };
  s.End = true;
  return compileTest({ StartAt: name, States: { [name]: s } });
}
