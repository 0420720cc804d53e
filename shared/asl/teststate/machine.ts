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
  for (const list of [state.Choices, state.Catch]) if (Array.isArray(list)) for (const entry of list) if (isObject(entry)) add(entry.Next);
  return out;
}

/** A name not among `taken`, starting from `wanted`. */
export function freeName(wanted: string, taken: Iterable<string>): string {
  const names = new Set(taken);
  let name = wanted;
  while (names.has(name)) name += "_";
  return name;
}

/**
 * The test machine: `state` under the name `name`, without its retriers, with only `catcher`
 * (if any) as its Catch, and going to `endName` where it would end.
 */
export function testMachine(state: JSONObject, name: string, endName: string, catcher?: JSONValue): StateMachine {
  const copy: JSONObject = { ...state };
  delete copy.Retry;
  delete copy.Catch;
  if (catcher !== undefined) copy.Catch = [catcher];
  if (!("Next" in copy) && (copy.End === true || (typeof copy.Type === "string" && FLOWING.has(copy.Type)))) {
    delete copy.End;
    copy.Next = endName;
  }
  const states: JSONObject = { [name]: copy };
  for (const target of targets(copy)) if (target !== name) states[target] = { Type: "Task", Resource: NEXT_STUB, End: true };
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

const TASK_LIKE = [
  "Comment",
  "QueryLanguage",
  "InputPath",
  "OutputPath",
  "ResultPath",
  "ResultSelector",
  "Output",
  "Assign",
  "Next",
  "End",
  "Catch",
  "Retry",
];

/** A Task that does to the mocked result what the Map or Parallel state does to its result. */
export function mockStandIn(state: JSONObject): JSONObject {
  const standIn: JSONObject = { Type: "Task", Resource: MOCK_STUB };
  const keep = state.Type === "Parallel" ? [...TASK_LIKE, "Parameters", "Arguments"] : TASK_LIKE;
  for (const k of keep) if (k in state) standIn[k] = state[k];
  return standIn;
}

/**
 * A Map that evaluates the real state's items, concurrency and tolerated failures, then stops at
 * its first iteration (a placeholder Task), so the run reports how many iterations there are.
 */
export function itemsProbe(state: JSONObject, name: string): StateMachine {
  const copy: JSONObject = {};
  const keep = [
    "QueryLanguage",
    "InputPath",
    "ItemsPath",
    "Items",
    "MaxConcurrency",
    "MaxConcurrencyPath",
    "ToleratedFailureCount",
    "ToleratedFailureCountPath",
    "ToleratedFailurePercentage",
    "ToleratedFailurePercentagePath",
  ];
  for (const k of keep) if (k in state) copy[k] = state[k];
  const processor = isObject(state.ItemProcessor) ? state.ItemProcessor : isObject(state.Iterator) ? state.Iterator : {};
  copy.Type = "Map";
  // the probe runs inline whatever the Mode: it only reads the items and the Map's numbers
  const config: JSONObject | undefined = isObject(processor.ProcessorConfig) ? { ...processor.ProcessorConfig, Mode: "INLINE" } : undefined;
  if (config) delete config.ExecutionType;
  copy.ItemProcessor = {
    ...(config ? { ProcessorConfig: config } : {}),
    StartAt: "Item",
    States: { Item: { Type: "Task", Resource: ITEM_STUB, End: true } },
  };
  copy.End = true;
  return compileTest({ StartAt: name, States: { [name]: copy } });
}
