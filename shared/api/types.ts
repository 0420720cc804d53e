/**
 * The workflow API's types, shared by the worker (routes, Durable Object) and any client. Field
 * names follow AWS Step Functions' API (camelCase, ARNs), so AWS SDK users recognise them.
 * Times are ISO-8601 strings on the wire.
 */
import type { JSONValue } from "../asl/types.ts";

export type StateMachineType = "STANDARD" | "EXPRESS";
export type ExecutionStatus = "RUNNING" | "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "ABORTED";

export interface StateMachineDescription {
  stateMachineArn: string;
  name: string;
  type: StateMachineType;
  definition: string;
  roleArn: string;
  status: "ACTIVE" | "DELETING";
  /** Increments on every update that changes the definition or type; executions record it. */
  revision: number;
  creationDate: string;
  updateDate: string;
  /** AWS's default when none was given: `{level: "OFF", includeExecutionData: false}`. */
  loggingConfiguration: LoggingConfiguration;
  /** Stored and answered; nothing is traced (there is no X-Ray here). */
  tracingConfiguration: TracingConfiguration;
  /** Always `{type: "AWS_OWNED_KEY"}`: a customer managed KMS key is refused (there is no KMS here). */
  encryptionConfiguration: EncryptionConfiguration;
}

/** Which execution history events are logged (AWS's log levels): everything, errors, fatal errors, none. */
export type LogLevel = "ALL" | "ERROR" | "FATAL" | "OFF";

export interface LogDestination {
  cloudWatchLogsLogGroup: { logGroupArn: string };
}

/** AWS's LoggingConfiguration: here the events are written as JSON lines with console.log (Workers Logs). */
export interface LoggingConfiguration {
  level: LogLevel;
  includeExecutionData: boolean;
  /** Exactly one unless the level is OFF (AWS's rule); kept and answered, the lines go to the worker's log. */
  destinations?: LogDestination[];
}

export interface TracingConfiguration {
  enabled: boolean;
}

export interface EncryptionConfiguration {
  type: "AWS_OWNED_KEY" | "CUSTOMER_MANAGED_KMS_KEY";
  kmsKeyId?: string;
  kmsDataKeyReusePeriodSeconds?: number;
}

/** A published version: DescribeStateMachine on a version ARN (`stateMachineArn` is the version's ARN, as AWS). */
export interface StateMachineVersionDescription {
  stateMachineArn: string;
  name: string;
  type: StateMachineType;
  definition: string;
  roleArn: string;
  status: "ACTIVE";
  /** The machine's revision this version copies; `revisionId` is it as text. */
  revision: number;
  revisionId: string;
  description?: string;
  /** When the version was published. */
  creationDate: string;
}

/** ListStateMachineVersions' items, newest first. */
export interface StateMachineVersionListItem {
  stateMachineVersionArn: string;
  creationDate: string;
}

/** One route of an alias: a version of the same machine and the percentage of starts it gets. */
export interface RoutingConfig {
  stateMachineVersionArn: string;
  weight: number;
}

export interface StateMachineAliasDescription {
  stateMachineAliasArn: string;
  name: string;
  description?: string;
  routingConfiguration: RoutingConfig[];
  creationDate: string;
  updateDate: string;
}

export interface StateMachineAliasListItem {
  stateMachineAliasArn: string;
  creationDate: string;
}

/**
 * DescribeStateMachineForExecution (REST: GET /executions/:arn/state-machine): the machine as the
 * execution started it, kept by the execution itself, so an update or a delete since changes nothing.
 */
export interface StateMachineForExecution {
  stateMachineArn: string;
  name: string;
  /** The definition the execution runs (a Map Run child: its ItemProcessor). */
  definition: string;
  roleArn: string;
  /** When that revision was made (the machine's updateDate at the execution's start). */
  updateDate: string;
  /** The revision the execution started with, as text (AWS's member is a string). */
  revisionId: string;
  /** A Map Run's child only: its Map Run, and the Map state's label. */
  mapRunArn?: string;
  label?: string;
}

export interface StartExecutionRequest {
  stateMachineArn: string;
  name?: string;
  /** JSON text, as AWS takes it (default "{}"). */
  input?: string;
}

export interface StartExecutionResponse {
  executionArn: string;
  startDate: string;
}

/** AWS's redriveStatus: whether RedriveExecution would take the execution now. */
export type RedriveStatus = "REDRIVABLE" | "NOT_REDRIVABLE" | "REDRIVABLE_BY_MAP_RUN";

export interface ExecutionDescription {
  executionArn: string;
  stateMachineArn: string;
  /** The version it was started with (`<stateMachineArn>:<n>`), directly or through an alias; absent otherwise, as AWS. */
  stateMachineVersionArn?: string;
  /** The alias it was started through (`<stateMachineArn>:<alias>`). */
  stateMachineAliasArn?: string;
  name: string;
  status: ExecutionStatus;
  startDate: string;
  stopDate?: string;
  /** Absent when not kept (an Express record without its data): then `inputDetails.included` is false. */
  input?: string;
  inputDetails: { included: boolean };
  output?: string;
  outputDetails?: { included: boolean };
  error?: string;
  cause?: string;
  /** Standard executions: times redriven (0 until then), when last, and whether RedriveExecution would take it now. */
  redriveCount?: number;
  redriveDate?: string;
  redriveStatus?: RedriveStatus;
  /** Why not, when NOT_REDRIVABLE (AWS's words). */
  redriveStatusReason?: string;
}

export interface ExecutionListItem {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  startDate: string;
  stopDate?: string;
  /** A Map Run's child: the Map Run (its stateMachineArn is then `<parent machine ARN>/<label>`). */
  mapRunArn?: string;
  /** Standard executions: times redriven, and when last. */
  redriveCount?: number;
  redriveDate?: string;
}

export type MapRunStatus = "RUNNING" | "SUCCEEDED" | "FAILED" | "ABORTED";

/** AWS's MapRunItemCounts / MapRunExecutionCounts. */
export interface MapRunCounts {
  pending: number;
  running: number;
  succeeded: number;
  failed: number;
  timedOut: number;
  aborted: number;
  total: number;
  resultsWritten: number;
  failuresNotRedrivable: number;
  pendingRedrive: number;
}

/** DescribeMapRun's answer. */
export interface MapRunDescription {
  mapRunArn: string;
  executionArn: string;
  status: MapRunStatus;
  startDate: string;
  stopDate?: string;
  maxConcurrency: number;
  toleratedFailurePercentage: number;
  toleratedFailureCount: number;
  itemCounts: MapRunCounts;
  executionCounts: MapRunCounts;
  redriveCount: number;
}

/** An item of ListMapRuns: `stateMachineArn` is the parent execution's machine. */
export interface MapRunListItem {
  executionArn: string;
  mapRunArn: string;
  stateMachineArn: string;
  startDate: string;
  stopDate?: string;
}

/** A history event in GetExecutionHistory's shape (`<type>EventDetails`, data as JSON text). */
export type HistoryEventWire = {
  id: number;
  previousEventId: number;
  timestamp: string;
  type: string;
} & Record<string, unknown>;

export interface HistoryPage {
  events: HistoryEventWire[];
  nextToken?: string;
}

/** A tag of a state machine or activity (AWS's Tag): key 1 to 128 characters, value 0 to 256. */
export interface Tag {
  key: string;
  value: string;
}

/** Errors are `{ error, message }` with AWS's error names where AWS has one. */
export interface ApiErrorBody {
  error: string;
  message: string;
}

export type { JSONValue };
