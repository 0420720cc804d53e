/**
 * A Distributed Map's own fields: its ItemReader, ItemBatcher and ResultWriter (their Parameters or
 * Arguments compiled once, their numbers as literals, paths or JSONata), its Label and its child
 * workflow's definition. The runtime evaluates them into a MapRunSpec when the state starts.
 */
import type { JSONObject, JSONValue } from "../../types.ts";
import type { Ref } from "../../eval/ref.ts";
import { compileTemplate, type Getter } from "../../eval/template.ts";
import { compileJsonataTemplate, isJsonataString } from "../../jsonata/index.ts";
import type { Compiler } from "../compiler.ts";
import { jsonataValue, type JGetter, type QueryLanguage } from "../query-language.ts";

/** A number written as a literal, a `...Path` or a JSONata expression. */
export interface NumberField {
  field: string;
  literal: number | undefined;
  path: Ref | undefined;
  expression: JGetter | undefined;
}

/** Parameters (JSONPath) or Arguments (JSONata), compiled. */
export type Payload = Getter | JGetter;

export interface CompiledReader {
  resource: string;
  payload: Payload | undefined;
  /** ReaderConfig as written, less MaxItems(Path). */
  config: JSONObject;
  maxItems: NumberField;
}

export interface CompiledBatcher {
  maxItems: NumberField;
  maxBytes: NumberField;
  batchInput: Payload | undefined;
}

export interface CompiledWriter {
  resource: string | undefined;
  payload: Payload | undefined;
  config: JSONObject | undefined;
}

export interface DistributedMap {
  executionType: "STANDARD" | "EXPRESS";
  label: string | undefined;
  /** The child workflow's definition: the ItemProcessor without ProcessorConfig, with its QueryLanguage. */
  processor: JSONObject;
  /** ItemSelector (or Parameters) as written: the host evaluates it per item. */
  selector: JSONValue | undefined;
  reader: CompiledReader | undefined;
  batcher: CompiledBatcher | undefined;
  writer: CompiledWriter | undefined;
}

const isObject = (v: unknown): v is JSONObject => typeof v === "object" && v !== null && !Array.isArray(v);

/** The Distributed Map fields of a Map state, or undefined for an inline Map. */
export function compileDistributed(compiler: Compiler, def: JSONObject, loc: string, ql: QueryLanguage): DistributedMap | undefined {
  const processorDef = (def.ItemProcessor ?? def.Iterator) as JSONObject | undefined;
  const config = isObject(processorDef?.ProcessorConfig) ? processorDef.ProcessorConfig : undefined;
  if (!processorDef || config?.Mode !== "DISTRIBUTED") return undefined;
  const { ProcessorConfig: _config, ...processor } = processorDef;
  if (processor.QueryLanguage === undefined && compiler.ql === "JSONata") processor.QueryLanguage = "JSONata";
  const reader = isObject(def.ItemReader) ? def.ItemReader : undefined;
  const batcher = isObject(def.ItemBatcher) ? def.ItemBatcher : undefined;
  const writer = isObject(def.ResultWriter) ? def.ResultWriter : undefined;
  return {
    executionType: config.ExecutionType === "EXPRESS" ? "EXPRESS" : "STANDARD",
    label: typeof def.Label === "string" ? def.Label : undefined,
    processor,
    selector: def.ItemSelector ?? (ql === "JSONPath" ? def.Parameters : undefined),
    reader: reader && compileReader(compiler, reader, `${loc}/ItemReader`, ql),
    batcher: batcher && compileBatcher(compiler, batcher, `${loc}/ItemBatcher`, ql),
    writer: writer && compileWriter(compiler, writer, `${loc}/ResultWriter`, ql),
  };
}

function compileReader(compiler: Compiler, def: JSONObject, loc: string, ql: QueryLanguage): CompiledReader {
  const config = isObject(def.ReaderConfig) ? def.ReaderConfig : {};
  const { MaxItems: _max, MaxItemsPath: _path, ...rest } = config;
  return {
    resource: String(def.Resource),
    payload: payload(compiler, def, loc, ql),
    config: rest,
    maxItems: numberField(compiler, config, `${loc}/ReaderConfig`, "MaxItems", ql),
  };
}

function compileBatcher(compiler: Compiler, def: JSONObject, loc: string, ql: QueryLanguage): CompiledBatcher {
  const batchInput = def.BatchInput;
  return {
    maxItems: numberField(compiler, def, loc, "MaxItemsPerBatch", ql),
    maxBytes: numberField(compiler, def, loc, "MaxInputBytesPerBatch", ql),
    batchInput: batchInput === undefined ? undefined : template(compiler, batchInput, `${loc}/BatchInput`, "BatchInput", ql),
  };
}

function compileWriter(compiler: Compiler, def: JSONObject, loc: string, ql: QueryLanguage): CompiledWriter {
  return {
    resource: typeof def.Resource === "string" ? def.Resource : undefined,
    payload: payload(compiler, def, loc, ql),
    config: isObject(def.WriterConfig) ? def.WriterConfig : undefined,
  };
}

/** Parameters in JSONPath, Arguments in JSONata. */
function payload(compiler: Compiler, def: JSONObject, loc: string, ql: QueryLanguage): Payload | undefined {
  const field = ql === "JSONata" ? "Arguments" : "Parameters";
  const v = def[field];
  return v === undefined ? undefined : template(compiler, v, `${loc}/${field}`, field, ql);
}

function template(compiler: Compiler, v: JSONValue, loc: string, field: string, ql: QueryLanguage): Payload | undefined {
  if (ql === "JSONata") return compiler.attempt(loc, () => compileJsonataTemplate(v, field));
  return compiler.attempt(loc, () => compileTemplate(v));
}

function numberField(compiler: Compiler, def: JSONObject, loc: string, field: string, ql: QueryLanguage): NumberField {
  const v = def[field];
  const expression = ql === "JSONata" && isJsonataString(v) ? compiler.attempt(`${loc}/${field}`, () => jsonataValue(v, field)) : undefined;
  return {
    field,
    literal: typeof v === "number" ? v : undefined,
    path: compiler.ref(def[`${field}Path`], loc, `${field}Path`),
    expression,
  };
}
