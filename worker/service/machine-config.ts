/**
 * CreateStateMachine / UpdateStateMachine's loggingConfiguration, tracingConfiguration and
 * encryptionConfiguration: checked with AWS's errors (ValidationException for a member of the wrong
 * type or outside its enum or range, InvalidLoggingConfiguration and InvalidEncryptionConfiguration
 * for AWS's rules between members) and normalised to what DescribeStateMachine answers.
 */
import type {
  EncryptionConfiguration,
  LogDestination,
  LoggingConfiguration,
  LogLevel,
  TracingConfiguration,
} from "../../shared/api/types.ts";
import { ApiError } from "../errors.ts";

/** AWS's answer for a machine created without a loggingConfiguration. */
export const DEFAULT_LOGGING: LoggingConfiguration = Object.freeze({ level: "OFF", includeExecutionData: false });
export const AWS_OWNED_KEY: EncryptionConfiguration = Object.freeze({ type: "AWS_OWNED_KEY" });

const LEVELS: readonly LogLevel[] = ["ALL", "ERROR", "FATAL", "OFF"];
const KEY_TYPES = ["AWS_OWNED_KEY", "CUSTOMER_MANAGED_KMS_KEY"];
// arn:<partition>:logs:<region>:<account>:log-group:<name>:* (the docs: "The ARN must end with :*").
const LOG_GROUP_ARN = /^arn:aws[a-z-]*:logs:[a-z0-9-]+:\d{12}:log-group:[A-Za-z0-9_\-/.#]{1,512}:\*$/;

/** AWS's wording for a member that breaks its constraint (the protocol's own validation). */
function invalid(field: string, value: unknown, constraint: string): ApiError {
  const shown = typeof value === "string" ? value : JSON.stringify(value);
  return new ApiError(
    400,
    "ValidationException",
    `1 validation error detected: Value '${shown}' at '${field}' failed to satisfy constraint: ${constraint}`,
  );
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function object(field: string, v: unknown): Record<string, unknown> {
  if (!isObject(v)) throw invalid(field, v, "Member must be a structure");
  return v;
}

function bool(field: string, v: unknown): boolean | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "boolean") throw invalid(field, v, "Member must be a boolean");
  return v;
}

const badLogging = (why: string) => new ApiError(400, "InvalidLoggingConfiguration", `Invalid Logging Configuration: ${why}`);

function destination(i: number, v: unknown): LogDestination {
  const field = `loggingConfiguration.destinations.${i + 1}.member`;
  const group = object(field, v).cloudWatchLogsLogGroup;
  if (group === undefined || group === null) throw badLogging("Must specify exactly one Log Destination.");
  const arn = object(`${field}.cloudWatchLogsLogGroup`, group).logGroupArn;
  const at = `${field}.cloudWatchLogsLogGroup.logGroupArn`;
  if (typeof arn !== "string") throw invalid(at, arn, "Member must be a string");
  if (arn.length < 1 || arn.length > 256) throw invalid(at, arn, "Member must have length between 1 and 256");
  if (!LOG_GROUP_ARN.test(arn)) {
    throw badLogging(
      `The CloudWatch Logs log group ARN ${JSON.stringify(arn)} is not valid: ` +
        "it must be arn:aws:logs:<region>:<account>:log-group:<name>:* (ending in ':*').",
    );
  }
  return { cloudWatchLogsLogGroup: { logGroupArn: arn } };
}

/** A loggingConfiguration as sent; undefined when absent (create: the default; update: unchanged). */
export function checkLogging(v: unknown): LoggingConfiguration | undefined {
  if (v === undefined || v === null) return undefined;
  const c = object("loggingConfiguration", v);
  const level = c.level ?? "OFF";
  if (!LEVELS.includes(level as LogLevel)) {
    throw invalid("loggingConfiguration.level", level, `Member must satisfy enum value set: [${LEVELS.join(", ")}]`);
  }
  const includeExecutionData = bool("loggingConfiguration.includeExecutionData", c.includeExecutionData) ?? false;
  const out: LoggingConfiguration = { level: level as LogLevel, includeExecutionData };
  if (c.destinations !== undefined && c.destinations !== null) {
    if (!Array.isArray(c.destinations)) throw invalid("loggingConfiguration.destinations", c.destinations, "Member must be a list");
    if (c.destinations.length > 1) throw badLogging("Must specify exactly one Log Destination.");
    if (c.destinations.length === 1) out.destinations = [destination(0, c.destinations[0])];
  }
  // A level other than OFF needs its destination (AWS: "Required, if your log level is not set to OFF").
  if (out.level !== "OFF" && !out.destinations) throw badLogging("Must specify exactly one Log Destination.");
  return out;
}

export function checkTracing(v: unknown): TracingConfiguration | undefined {
  if (v === undefined || v === null) return undefined;
  return { enabled: bool("tracingConfiguration.enabled", object("tracingConfiguration", v).enabled) ?? false };
}

/**
 * Checked as AWS checks it; AWS_OWNED_KEY is accepted. CUSTOMER_MANAGED_KMS_KEY is refused with
 * InvalidEncryptionConfiguration (AWS's error for a key it cannot use): there is no KMS here, and
 * accepting it would claim an encryption that does not happen.
 */
export function checkEncryption(v: unknown): EncryptionConfiguration | undefined {
  if (v === undefined || v === null) return undefined;
  const c = object("encryptionConfiguration", v);
  if (c.type === undefined || c.type === null) throw invalid("encryptionConfiguration.type", null, "Member must not be null");
  if (!KEY_TYPES.includes(c.type as string)) {
    throw invalid("encryptionConfiguration.type", c.type, `Member must satisfy enum value set: [${KEY_TYPES.join(", ")}]`);
  }
  const key = c.kmsKeyId;
  if (key !== undefined && key !== null && (typeof key !== "string" || key.length < 1 || key.length > 2048)) {
    throw invalid("encryptionConfiguration.kmsKeyId", key, "Member must have length between 1 and 2048");
  }
  const reuse = c.kmsDataKeyReusePeriodSeconds;
  if (reuse !== undefined && reuse !== null && (!Number.isInteger(reuse) || (reuse as number) < 60 || (reuse as number) > 900)) {
    throw invalid("encryptionConfiguration.kmsDataKeyReusePeriodSeconds", reuse, "Member must have value between 60 and 900");
  }
  if (c.type === "CUSTOMER_MANAGED_KMS_KEY") {
    if (!key)
      throw new ApiError(
        400,
        "InvalidEncryptionConfiguration",
        "Invalid Encryption Configuration: kmsKeyId is required with CUSTOMER_MANAGED_KMS_KEY.",
      );
    throw new ApiError(
      400,
      "InvalidEncryptionConfiguration",
      "Invalid Encryption Configuration: CUSTOMER_MANAGED_KMS_KEY is not supported by this runtime (it has no KMS); " +
        "use AWS_OWNED_KEY or leave encryptionConfiguration out.",
    );
  }
  return AWS_OWNED_KEY;
}
