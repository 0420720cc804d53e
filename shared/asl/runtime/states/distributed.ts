/**
 * A Distributed Map starts a Map Run: its reader, selector, batcher, writer and limits are evaluated
 * against the state's input into a MapRunSpec that the host runs (child executions, in process or as
 * Durable Objects). The Map state waits on it like a task; its outcome comes back through completeTask.
 */
import { StatesError, type JSONObject, type JSONValue } from "../../types.ts";
import type { MapState } from "../../compile/index.ts";
import type { DistributedMap, NumberField, Payload } from "../../compile/states/distributed.ts";
import type { BatcherSpec, MapRunSpec, ReaderSpec, WriterSpec } from "../../distributed/types.ts";
import type { Env } from "../env.ts";
import { ensureExecutionIds } from "../execution.ts";
import { emit, MAP_RUN_RESOURCE } from "../history.ts";
import type { Step } from "../transition.ts";
import type { Execution, Frame, Host, MapRunRef } from "../types.ts";
import { ownTasks, pushEffect } from "../timers.ts";
import { itemsOf, jsonataNumber, maxConcurrency, pathNumber, toleratedCount, toleratedPercentage } from "./map-fields.ts";

export function startMapRun(
  exec: Execution,
  frame: Frame,
  state: MapState,
  dist: DistributedMap,
  host: Host,
  env: Env,
  input: JSONValue,
): Step {
  const spec = mapRunSpec(exec, frame, state, dist, host, env, input);
  const id = exec.nextId++;
  ownTasks(exec)[id] = { frame: frame.id, resource: MAP_RUN_RESOURCE };
  exec.open++;
  frame.waitingOn = id;
  // the host answers the Map Run as it answers a task token (a durable host gives it to its Map Run)
  const token = host.taskToken ? host.taskToken({ taskId: id, stateName: state.name, enteredEventId: frame.enteredEventId }) : undefined;
  frame.token = token;
  frame.mapRun = { arn: spec.mapRunArn, redrives: 0 };
  emit(exec, frame, host.now, "MapRunStarted", { mapRunArn: spec.mapRunArn });
  pushEffect(exec, { kind: "mapRun", id, stateName: state.name, spec, token });
  return "wait";
}

/**
 * A redrive of a Distributed Map whose Map Run had started: the same Map Run is redriven (its failed,
 * timed-out and aborted children run again, the succeeded ones stand), answered as a start is.
 */
export function redriveMapRun(exec: Execution, frame: Frame, stateName: string, ref: MapRunRef, host: Host): void {
  const id = exec.nextId++;
  ownTasks(exec)[id] = { frame: frame.id, resource: MAP_RUN_RESOURCE };
  exec.open++;
  frame.waitingOn = id;
  const token = host.taskToken ? host.taskToken({ taskId: id, stateName, enteredEventId: frame.enteredEventId }) : undefined;
  frame.token = token;
  frame.mapRun = { arn: ref.arn, redrives: ref.redrives + 1 };
  emit(exec, frame, host.now, "MapRunRedriven", { mapRunArn: ref.arn, redriveCount: ref.redrives + 1 });
  pushEffect(exec, { kind: "mapRunRedrive", id, stateName, mapRunArn: ref.arn, redriveCount: ref.redrives + 1, token });
}

function mapRunSpec(
  exec: Execution,
  frame: Frame,
  state: MapState,
  dist: DistributedMap,
  host: Host,
  env: Env,
  input: JSONValue,
): MapRunSpec {
  const reader = dist.reader ? readerSpec(dist, env) : undefined;
  const items = reader ? undefined : itemsOf(frame, state, env);
  const maxConcurrencyValue = maxConcurrency(state, env);
  const toleratedFailureCount = toleratedCount(state, env);
  const toleratedFailurePercentage = toleratedPercentage(state, env);
  const batcher = dist.batcher ? batcherSpec(dist, env) : undefined;
  const writer = dist.writer ? writerSpec(dist, env) : undefined;
  const selector =
    dist.selector === undefined
      ? undefined
      : { queryLanguage: state.ql, template: dist.selector, input, context: env.context as JSONObject, variables: { ...env.vars } };
  ensureExecutionIds(exec, host);
  const mapRunId = host.uuid();
  const label = dist.label ?? host.uuid();
  const machineArn = exec.stateMachineArn;
  return {
    mapRunArn: `${machineArn.replace(":stateMachine:", ":mapRun:")}/${label}:${mapRunId}`,
    mapRunId,
    label,
    stateName: state.name,
    executionType: dist.executionType,
    processor: dist.processor,
    childMachineArn: `${machineArn}/${label}`,
    reader,
    items,
    selector,
    batcher,
    writer,
    maxConcurrency: maxConcurrencyValue,
    toleratedFailureCount,
    toleratedFailurePercentage,
  };
}

function readerSpec(dist: DistributedMap, env: Env): ReaderSpec {
  const reader = dist.reader!;
  const parameters = evaluate(reader.payload, env, "ItemReader");
  const c = reader.config;
  const spec: ReaderSpec = { resource: reader.resource, parameters };
  if (typeof c.InputType === "string") spec.inputType = c.InputType as ReaderSpec["inputType"];
  if (typeof c.CSVHeaderLocation === "string") spec.csvHeaderLocation = c.CSVHeaderLocation as ReaderSpec["csvHeaderLocation"];
  if (Array.isArray(c.CSVHeaders)) spec.csvHeaders = c.CSVHeaders.map(String);
  if (typeof c.CSVDelimiter === "string") spec.csvDelimiter = c.CSVDelimiter as ReaderSpec["csvDelimiter"];
  const maxItems = numberOf(reader.maxItems, env);
  if (maxItems !== undefined) {
    if (maxItems < 0) throw new StatesError("States.Runtime", "MaxItems cannot be negative.");
    spec.maxItems = maxItems;
  }
  return spec;
}

function batcherSpec(dist: DistributedMap, env: Env): BatcherSpec {
  const batcher = dist.batcher!;
  const spec: BatcherSpec = {};
  const maxItems = numberOf(batcher.maxItems, env);
  const maxBytes = numberOf(batcher.maxBytes, env);
  if (maxItems !== undefined) spec.maxItemsPerBatch = positive(maxItems, "MaxItemsPerBatch");
  if (maxBytes !== undefined) spec.maxInputBytesPerBatch = positive(maxBytes, "MaxInputBytesPerBatch");
  if (batcher.batchInput) spec.batchInput = batcher.batchInput(env);
  return spec;
}

function writerSpec(dist: DistributedMap, env: Env): WriterSpec {
  const writer = dist.writer!;
  const spec: WriterSpec = { resource: writer.resource, parameters: writer.payload ? evaluate(writer.payload, env, "ResultWriter") : {} };
  const c = writer.config;
  if (typeof c?.OutputType === "string") spec.outputType = c.OutputType as WriterSpec["outputType"];
  if (typeof c?.Transformation === "string") spec.transformation = c.Transformation as WriterSpec["transformation"];
  return spec;
}

/** Parameters or Arguments: an object (Bucket, Key, Prefix, ...). */
function evaluate(payload: Payload | undefined, env: Env, field: string): JSONObject {
  const v = payload ? payload(env) : {};
  if (typeof v !== "object" || v === null || Array.isArray(v))
    throw new StatesError("States.Runtime", `The parameters of the ${field} must be an object, but were: ${JSON.stringify(v)}`);
  return v;
}

function numberOf(f: NumberField, env: Env): number | undefined {
  if (f.expression) return jsonataNumber(f.expression(env), f.field, true);
  if (f.path) return pathNumber(f.path, env, `${f.field}Path`, true);
  return f.literal;
}

function positive(n: number, field: string): number {
  if (n < 1) throw new StatesError("States.Runtime", `${field} must be a positive integer, but was: ${n}`);
  return n;
}
