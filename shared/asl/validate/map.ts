/** Map state: the item processor (a nested machine), its config, items, concurrency and Label. */
import type { JSONObject } from "../types.ts";
import { labelProblem } from "./labels.ts";
import { at, error, isObject, schema, type QueryLanguage, type Report } from "./report.ts";
import { checkEnum, checkExclusive, checkNumber, checkObject, checkPath, checkString, isExpression } from "./values.ts";

export type MachineCheck = (r: Report, m: JSONObject, loc: string, kind: "branch" | "processor") => void;

export function checkMap(r: Report, s: JSONObject, lang: QueryLanguage, loc: string, machine: MachineCheck): void {
  const processor = s.ItemProcessor !== undefined ? "ItemProcessor" : s.Iterator !== undefined ? "Iterator" : undefined;
  if (processor === undefined) {
    schema(r, loc, "These fields are required: [ItemProcessor]");
  } else {
    if (s.ItemProcessor !== undefined && s.Iterator !== undefined) {
      schema(r, loc, "These fields cannot be used together: [ItemProcessor, Iterator]");
    }
    const where = at(loc, processor), p = s[processor];
    if (isObject(p)) machine(r, p, where, "processor");
    else schema(r, where, `The value for the field '${processor}' must be an object`);
  }

  const jsonata = lang === "JSONata";
  checkPath(r, s, "ItemsPath", loc);
  const items = s.Items;
  if (jsonata && items !== undefined && !Array.isArray(items) && !isObject(items) && !isExpression(items)) {
    schema(r, at(loc, "Items"), "The value for the field 'Items' must be an array, an object or a JSONata expression");
  }
  checkNumber(r, s, "MaxConcurrency", loc, { integer: true, min: 0, expression: jsonata });
  checkPath(r, s, "MaxConcurrencyPath", loc);
  checkNumber(r, s, "ToleratedFailureCount", loc, { integer: true, min: 0, expression: jsonata });
  checkPath(r, s, "ToleratedFailureCountPath", loc);
  checkNumber(r, s, "ToleratedFailurePercentage", loc, { integer: false, min: 0, max: 100, expression: jsonata });
  checkPath(r, s, "ToleratedFailurePercentagePath", loc);
  checkExclusive(r, s, ["MaxConcurrency", "MaxConcurrencyPath"], loc);
  checkExclusive(r, s, ["ToleratedFailureCount", "ToleratedFailureCountPath"], loc);
  checkExclusive(r, s, ["ToleratedFailurePercentage", "ToleratedFailurePercentagePath"], loc);
  checkExclusive(r, s, ["ItemSelector", "Parameters"], loc);
  checkObject(r, s, "ItemReader", loc);
  checkObject(r, s, "ItemBatcher", loc);
  checkObject(r, s, "ResultWriter", loc);
  if (!jsonata) checkObject(r, s, "ItemSelector", loc);

  if (checkString(r, s, "Label", loc) && typeof s.Label === "string") {
    const problem = labelProblem(s.Label);
    if (problem) schema(r, at(loc, "Label"), problem);
    else if (r.labels.has(s.Label)) error(r, "DUPLICATE_LABEL_NAME", at(loc, "Label"), `Duplicate Label: ${s.Label}`);
    else r.labels.add(s.Label);
  }
}

/** A processor's ProcessorConfig: Mode INLINE or DISTRIBUTED, and a child ExecutionType. */
export function checkProcessorConfig(r: Report, p: JSONObject, loc: string): void {
  const config = p.ProcessorConfig;
  if (config === undefined) return;
  const where = at(loc, "ProcessorConfig");
  if (!isObject(config)) {
    schema(r, where, "The value for the field 'ProcessorConfig' must be an object");
    return;
  }
  for (const key in config) {
    if (key !== "Mode" && key !== "ExecutionType") schema(r, where, `Field '${key}' is not supported`);
  }
  checkEnum(r, config, "Mode", where, ["INLINE", "DISTRIBUTED"]);
  checkEnum(r, config, "ExecutionType", where, ["STANDARD", "EXPRESS"]);
}
