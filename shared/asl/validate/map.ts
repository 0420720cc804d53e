/** Map state: the item processor (a nested machine), its config, items, concurrency and Label. */
import type { JSONObject } from "../types.ts";
import { labelProblem } from "./labels.ts";
import { at, error, isObject, schema, type QueryLanguage, type Report } from "./report.ts";
import { checkEnum, checkExclusive, checkNumber, checkObject, checkPath, checkString, isExpression } from "./values.ts";

export type MachineCheck = (report: Report, definition: JSONObject, loc: string, kind: "branch" | "processor") => void;

export function checkMap(report: Report, state: JSONObject, lang: QueryLanguage, loc: string, machine: MachineCheck): void {
  const processor = state.ItemProcessor !== undefined ? "ItemProcessor" : state.Iterator !== undefined ? "Iterator" : undefined;
  if (processor === undefined) {
    schema(report, loc, "These fields are required: [ItemProcessor]");
  } else {
    if (state.ItemProcessor !== undefined && state.Iterator !== undefined) {
      schema(report, loc, "These fields cannot be used together: [ItemProcessor, Iterator]");
    }
    const where = at(loc, processor),
      definition = state[processor];
    if (isObject(definition)) machine(report, definition, where, "processor");
    else schema(report, where, `The value for the field '${processor}' must be an object`);
  }

  const jsonata = lang === "JSONata";
  checkPath(report, state, "ItemsPath", loc);
  const items = state.Items;
  if (jsonata && items !== undefined && !Array.isArray(items) && !isObject(items) && !isExpression(items)) {
    schema(report, at(loc, "Items"), "The value for the field 'Items' must be an array, an object or a JSONata expression");
  }
  checkNumber(report, state, "MaxConcurrency", loc, { integer: true, min: 0, expression: jsonata });
  checkPath(report, state, "MaxConcurrencyPath", loc);
  checkNumber(report, state, "ToleratedFailureCount", loc, { integer: true, min: 0, expression: jsonata });
  checkPath(report, state, "ToleratedFailureCountPath", loc);
  checkNumber(report, state, "ToleratedFailurePercentage", loc, { integer: false, min: 0, max: 100, expression: jsonata });
  checkPath(report, state, "ToleratedFailurePercentagePath", loc);
  checkExclusive(report, state, ["MaxConcurrency", "MaxConcurrencyPath"], loc);
  checkExclusive(report, state, ["ToleratedFailureCount", "ToleratedFailureCountPath"], loc);
  checkExclusive(report, state, ["ToleratedFailurePercentage", "ToleratedFailurePercentagePath"], loc);
  checkExclusive(report, state, ["ItemSelector", "Parameters"], loc);
  checkObject(report, state, "ItemReader", loc);
  checkObject(report, state, "ItemBatcher", loc);
  checkObject(report, state, "ResultWriter", loc);
  checkDistributedFields(report, state, loc, processor === undefined ? undefined : state[processor]);
  if (!jsonata) checkObject(report, state, "ItemSelector", loc);

  if (checkString(report, state, "Label", loc) && typeof state.Label === "string") {
    const problem = labelProblem(state.Label);
    if (problem) schema(report, at(loc, "Label"), problem);
    else if (report.labels.has(state.Label)) error(report, "DUPLICATE_LABEL_NAME", at(loc, "Label"), `Duplicate Label: ${state.Label}`);
    else report.labels.add(state.Label);
  }
}

/** A processor's ProcessorConfig: Mode INLINE or DISTRIBUTED, and a child ExecutionType. */
export function checkProcessorConfig(report: Report, definition: JSONObject, loc: string): void {
  const config = definition.ProcessorConfig;
  if (config === undefined) return;
  const where = at(loc, "ProcessorConfig");
  if (!isObject(config)) {
    schema(report, where, "The value for the field 'ProcessorConfig' must be an object");
    return;
  }
  for (const key in config) {
    if (key !== "Mode" && key !== "ExecutionType") schema(report, where, `Field '${key}' is not supported`);
  }
  checkEnum(report, config, "Mode", where, ["INLINE", "DISTRIBUTED"]);
  checkEnum(report, config, "ExecutionType", where, ["STANDARD", "EXPRESS"]);
}

const READERS = ["arn:aws:states:::s3:getObject", "arn:aws:states:::s3:listObjectsV2"];

/** ItemReader, ItemBatcher and ResultWriter belong to a Distributed Map; their resources and configs. */
function checkDistributedFields(report: Report, state: JSONObject, loc: string, processor: unknown): void {
  const config = isObject(processor) && isObject(processor.ProcessorConfig) ? processor.ProcessorConfig : undefined;
  const distributed = config?.Mode === "DISTRIBUTED";
  for (const field of ["ItemReader", "ItemBatcher", "ResultWriter"]) {
    if (state[field] !== undefined && !distributed)
      schema(report, at(loc, field), `The field '${field}' is only supported for a Map with ProcessorConfig Mode DISTRIBUTED`);
  }
  const reader = state.ItemReader;
  if (isObject(reader)) {
    if (typeof reader.Resource !== "string" || !READERS.includes(reader.Resource))
      schema(report, at(at(loc, "ItemReader"), "Resource"), `The ItemReader's Resource must be one of: ${READERS.join(", ")}`);
    const rc = reader.ReaderConfig;
    if (isObject(rc)) {
      const where = at(at(loc, "ItemReader"), "ReaderConfig");
      checkEnum(report, rc, "InputType", where, ["JSON", "JSONL", "CSV", "MANIFEST"]);
      checkEnum(report, rc, "CSVHeaderLocation", where, ["FIRST_ROW", "GIVEN"]);
      checkEnum(report, rc, "CSVDelimiter", where, ["COMMA", "PIPE", "SEMICOLON", "SPACE", "TAB"]);
      if (rc.CSVHeaderLocation === "GIVEN" && !Array.isArray(rc.CSVHeaders))
        schema(report, where, "CSVHeaders (an array of strings) is required when CSVHeaderLocation is GIVEN");
      checkExclusive(report, rc, ["MaxItems", "MaxItemsPath"], where);
    }
  }
  const batcher = state.ItemBatcher;
  if (isObject(batcher)) {
    const given = ["MaxItemsPerBatch", "MaxItemsPerBatchPath", "MaxInputBytesPerBatch", "MaxInputBytesPerBatchPath"].some(
      (k) => batcher[k] !== undefined,
    );
    if (!given) schema(report, at(loc, "ItemBatcher"), "The ItemBatcher needs MaxItemsPerBatch(Path) or MaxInputBytesPerBatch(Path)");
  }
  const writer = state.ResultWriter;
  if (isObject(writer) && writer.Resource !== undefined && writer.Resource !== "arn:aws:states:::s3:putObject")
    schema(report, at(at(loc, "ResultWriter"), "Resource"), "The ResultWriter's Resource must be arn:aws:states:::s3:putObject");
}
