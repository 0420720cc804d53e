/**
 * Field validation of a mocked result against the output shape of the service API the Task calls
 * (TestState `mock.fieldValidationMode`): STRICT (the default) checks types, limits and required
 * fields; PRESENT checks only the fields the mock has; NONE checks nothing. Fields the API does not
 * define are accepted in every mode. Only the APIs listed here are known; a result for any other
 * resource is accepted as it is.
 */
import type { JSONValue } from "../types.ts";
import type { FieldValidationMode } from "./types.ts";
import { TestStateError } from "./types.ts";

type Shape =
  | { t: "string" | "blob" | "timestamp"; min?: number; max?: number; enum?: string[] }
  | { t: "integer" | "long" | "double"; min?: number; max?: number }
  | { t: "boolean" | "any" }
  | { t: "list"; member: Shape }
  | { t: "map"; value: Shape }
  | { t: "structure"; members: Record<string, Shape>; required?: string[] };

const str = (min?: number, max?: number): Shape => ({ t: "string", min, max });
const int = (min?: number, max?: number): Shape => ({ t: "integer", min, max });
const long: Shape = { t: "long" };
const double: Shape = { t: "double" };
const bool: Shape = { t: "boolean" };
const ts: Shape = { t: "timestamp" };
const any: Shape = { t: "any" };
const struct = (members: Record<string, Shape>, required?: string[]): Shape => ({ t: "structure", members, required });
const list = (member: Shape): Shape => ({ t: "list", member });
const map = (value: Shape): Shape => ({ t: "map", value });
const oneOf = (...values: string[]): Shape => ({ t: "string", enum: values });

const STORAGE_CLASS = oneOf(
  "STANDARD",
  "REDUCED_REDUNDANCY",
  "STANDARD_IA",
  "ONEZONE_IA",
  "INTELLIGENT_TIERING",
  "GLACIER",
  "DEEP_ARCHIVE",
  "OUTPOSTS",
  "GLACIER_IR",
  "SNOW",
  "EXPRESS_ONEZONE",
);

const CAPACITY = struct({ ReadCapacityUnits: double, WriteCapacityUnits: double, CapacityUnits: double });
const CONSUMED_CAPACITY = struct({
  TableName: str(1, 1024),
  CapacityUnits: double,
  ReadCapacityUnits: double,
  WriteCapacityUnits: double,
  Table: CAPACITY,
  LocalSecondaryIndexes: map(CAPACITY),
  GlobalSecondaryIndexes: map(CAPACITY),
});
const ITEM_COLLECTION_METRICS = struct({ ItemCollectionKey: map(any), SizeEstimateRangeGB: list(double) });
const DYNAMODB_WRITE = struct({
  Attributes: map(any),
  ConsumedCapacity: CONSUMED_CAPACITY,
  ItemCollectionMetrics: ITEM_COLLECTION_METRICS,
});

/** Output shapes by `service:action` (optimised integrations and AWS SDK integrations alike). */
const OUTPUTS: Record<string, Shape> = {
  "lambda:invoke": struct({ StatusCode: int(), FunctionError: str(), LogResult: str(), Payload: any, ExecutedVersion: str(1, 1024) }),
  "lambda:getFunction": struct({
    Configuration: struct({
      FunctionName: str(1, 170),
      FunctionArn: str(),
      Runtime: str(),
      Role: str(),
      Handler: str(0, 128),
      CodeSize: long,
      Description: str(0, 256),
      Timeout: int(1),
      MemorySize: int(128, 10240),
      LastModified: str(),
      CodeSha256: str(),
      Version: str(1, 1024),
      State: oneOf("Pending", "Active", "Inactive", "Failed"),
    }),
    Code: struct({ RepositoryType: str(), Location: str() }),
    Tags: map(str()),
  }),
  "kms:encrypt": struct({
    CiphertextBlob: { t: "blob", min: 1, max: 6144 },
    KeyId: str(1, 2048),
    EncryptionAlgorithm: oneOf("SYMMETRIC_DEFAULT", "RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256", "SM2PKE"),
  }),
  "s3:getObject": struct({
    Body: any,
    DeleteMarker: bool,
    AcceptRanges: str(),
    Expiration: str(),
    LastModified: ts,
    ContentLength: long,
    ETag: str(),
    VersionId: str(),
    CacheControl: str(),
    ContentDisposition: str(),
    ContentEncoding: str(),
    ContentLanguage: str(),
    ContentRange: str(),
    ContentType: str(),
    Metadata: map(str()),
    StorageClass: STORAGE_CLASS,
    PartsCount: int(),
    TagCount: int(),
  }),
  "s3:putObject": struct({ ETag: str(), VersionId: str(), Expiration: str(), ServerSideEncryption: str() }),
  "dynamodb:putItem": DYNAMODB_WRITE,
  "dynamodb:updateItem": DYNAMODB_WRITE,
  "dynamodb:deleteItem": DYNAMODB_WRITE,
  "dynamodb:getItem": struct({ Item: map(any), ConsumedCapacity: CONSUMED_CAPACITY }),
  "events:putEvents": struct({
    FailedEntryCount: int(),
    Entries: list(struct({ EventId: str(), ErrorCode: str(), ErrorMessage: str() })),
  }),
  "sqs:sendMessage": struct({
    MD5OfMessageBody: str(),
    MD5OfMessageAttributes: str(),
    MD5OfMessageSystemAttributes: str(),
    MessageId: str(),
    SequenceNumber: str(),
  }),
  "sns:publish": struct({ MessageId: str(), SequenceNumber: str() }),
  "states:startExecution": struct({ ExecutionArn: str(1, 256), StartDate: ts }, ["ExecutionArn", "StartDate"]),
};

/** `service:action` of a Task resource, or undefined for a resource this module has no shape for. */
export function serviceAction(resource: string): string | undefined {
  const match = /^arn:[^:]+:states:::(?:aws-sdk:)?([a-z0-9-]+):([A-Za-z0-9]+)(?:\.(?:sync(?::2)?|waitForTaskToken))?$/.exec(resource);
  return match ? `${match[1]}:${match[2]}` : undefined;
}

/** Throws ValidationException when the mocked result does not fit the API's output shape. */
export function validateMockResult(resource: string, result: JSONValue, mode: FieldValidationMode = "STRICT"): void {
  if (mode === "NONE") return;
  const key = serviceAction(resource);
  const shape = key ? OUTPUTS[key] : undefined;
  if (!shape) return;
  const problem = check(shape, result, "", mode === "STRICT");
  if (problem) throw new TestStateError("ValidationException", `Mock result schema validation error: ${problem}`);
}

function check(shape: Shape, v: JSONValue, field: string, strict: boolean): string | undefined {
  switch (shape.t) {
    case "any":
      return undefined;
    case "string":
    case "blob":
    case "timestamp":
      if (typeof v !== "string") return `Field '${field}' must be a string`;
      if ("min" in shape && shape.min !== undefined && v.length < shape.min) return `Field '${field}' is smaller than the minimum length`;
      if ("max" in shape && shape.max !== undefined && v.length > shape.max) return `Field '${field}' exceeds the maximum length`;
      if ("enum" in shape && shape.enum && !shape.enum.includes(v)) return `Field '${field}' is not an expected value`;
      return undefined;
    case "integer":
    case "long":
    case "double":
      if (typeof v !== "number") return `Field '${field}' must be a number`;
      if (shape.t !== "double" && !Number.isInteger(v)) return `Field '${field}' must be an integer`;
      if (shape.min !== undefined && v < shape.min) return `Field '${field}' is less than the minimum value`;
      if (shape.max !== undefined && v > shape.max) return `Field '${field}' exceeds the maximum value`;
      return undefined;
    case "boolean":
      return typeof v === "boolean" ? undefined : `Field '${field}' must be a boolean`;
    case "list":
      if (!Array.isArray(v)) return `Field '${field}' must be an array`;
      for (const item of v) {
        const problem = check(shape.member, item, field, strict);
        if (problem) return problem;
      }
      return undefined;
    case "map":
      if (v === null || typeof v !== "object" || Array.isArray(v)) return `Field '${field}' must be an object`;
      for (const k in v) {
        const problem = check(shape.value, v[k], k, strict);
        if (problem) return problem;
      }
      return undefined;
    case "structure": {
      if (v === null || typeof v !== "object" || Array.isArray(v))
        return field ? `Field '${field}' must be an object` : "The result must be an object";
      if (strict) for (const name of shape.required ?? []) if (!(name in v)) return `Required field '${name}' is missing`;
      for (const k in v) {
        const member = shape.members[k];
        if (!member) continue;
        const problem = check(member, v[k], k, strict);
        if (problem) return problem;
      }
      return undefined;
    }
  }
}
