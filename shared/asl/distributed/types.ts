/**
 * Distributed Map: what the engine hands its host (a Map Run to run), and what the host's parts read
 * and write through (an S3-shaped object store). Pure data and interfaces: the Node runner implements
 * the store in memory, the worker over R2.
 */
import type { JSONObject, JSONValue } from "../types.ts";

/** An object as a store returns it: its bytes as a stream (read lazily), its size and ETag. */
export interface StoredObject {
  body: ReadableStream<Uint8Array>;
  /** The whole object's size in bytes (not the rest after `offset`). */
  size: number;
  etag: string;
  /** ms since the epoch */
  lastModified: number;
}

export interface ListedObject {
  key: string;
  size: number;
  etag: string;
  lastModified: number;
  storageClass?: string;
}

/**
 * S3-shaped storage by bucket name. A bucket the store does not know throws `NoSuchBucketError`;
 * a missing key answers null.
 */
export interface ObjectStore {
  /** The object from byte `offset` on (default 0). */
  get(bucket: string, key: string, offset?: number): Promise<StoredObject | null>;
  /** One page of keys under `prefix`, in key order, after `cursor`. */
  list(
    bucket: string,
    prefix: string | undefined,
    cursor: string | undefined,
    limit: number,
  ): Promise<{ objects: ListedObject[]; cursor?: string }>;
  put(bucket: string, key: string, body: string): Promise<void>;
}

export class NoSuchBucketError extends Error {
  readonly bucket: string;
  constructor(bucket: string) {
    super(`The specified bucket does not exist: ${bucket}`);
    this.bucket = bucket;
  }
}

export type InputType = "JSON" | "JSONL" | "CSV" | "MANIFEST";
export type CsvDelimiter = "COMMA" | "PIPE" | "SEMICOLON" | "SPACE" | "TAB";

/** An ItemReader with its Parameters/Arguments and ReaderConfig evaluated against the state's input. */
export interface ReaderSpec {
  /** `arn:aws:states:::s3:getObject` or `arn:aws:states:::s3:listObjectsV2` */
  resource: string;
  /** Bucket, Key (getObject) or Bucket, Prefix (listObjectsV2), as evaluated. */
  parameters: JSONObject;
  inputType?: InputType;
  csvHeaderLocation?: "FIRST_ROW" | "GIVEN";
  csvHeaders?: string[];
  csvDelimiter?: CsvDelimiter;
  /** 0 or undefined: every item. */
  maxItems?: number;
}

/** Where a reader stands: JSON data, so a coordinator can store it and resume reading after a restart. */
export type ReaderCursor = JSONObject;

/** ResultWriter with its Parameters/Arguments and WriterConfig evaluated. */
export interface WriterSpec {
  /** `arn:aws:states:::s3:putObject`; undefined when only WriterConfig is given (results come back inline). */
  resource?: string;
  /** Bucket and Prefix */
  parameters: JSONObject;
  outputType?: "JSON" | "JSONL";
  transformation?: "NONE" | "COMPACT" | "FLATTEN";
}

/** ItemBatcher with its ...Path / JSONata fields and BatchInput evaluated. */
export interface BatcherSpec {
  maxItemsPerBatch?: number;
  maxInputBytesPerBatch?: number;
  batchInput?: JSONValue;
}

/** ItemSelector, with what it reads besides the item: the Map state's input, the context, variables. */
export interface SelectorSpec {
  queryLanguage: "JSONPath" | "JSONata";
  /** The template (JSONPath) or the JSONata value/expression (a string `{% ... %}` or a structure holding them). */
  template: JSONValue;
  /** `$` for JSONPath, `$states.input` for JSONata: the Map state's effective input. */
  input: JSONValue;
  /** The Map state's context object without `Map` (added per item). */
  context: JSONObject;
  variables: Record<string, JSONValue>;
}

/** Everything a host needs to run a Map Run, evaluated by the engine when the Map state starts. */
export interface MapRunSpec {
  mapRunArn: string;
  /** The last part of the Map Run ARN (a UUID). */
  mapRunId: string;
  /** The Label, or the state's name when it has none (AWS puts one of them in the ARNs). */
  label: string;
  stateName: string;
  executionType: "STANDARD" | "EXPRESS";
  /** The child workflow: a state machine definition (StartAt, States, QueryLanguage). */
  processor: JSONObject;
  /** The ARN the children report as their state machine: `<machine>/<label>`. */
  childMachineArn: string;
  /** Items from an ItemReader, or `items` given in the input. */
  reader?: ReaderSpec;
  items?: JSONValue[];
  selector?: SelectorSpec;
  batcher?: BatcherSpec;
  writer?: WriterSpec;
  /** 0: as many as the host allows. */
  maxConcurrency: number;
  toleratedFailureCount?: number;
  toleratedFailurePercentage?: number;
}

/** One child execution as the ResultWriter records it (AWS's fields). */
export interface ChildRecord {
  index: number;
  name: string;
  executionArn: string;
  stateMachineArn: string;
  status: "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "ABORTED" | "PENDING";
  input: JSONValue;
  output?: JSONValue;
  error?: string | null;
  cause?: string | null;
  /** ms since the epoch */
  startDate: number;
  stopDate?: number;
}
