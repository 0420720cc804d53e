/**
 * Errors of the AWS JSON protocol: `{"__type": "<ErrorName>", "message": "..."}` with AWS's status,
 * and the REST layer's ApiErrors mapped onto them (the names are AWS's already; the statuses differ:
 * AWS answers every client error 400).
 */
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { ApiError } from "../errors.ts";

export class AwsError extends Error {
  readonly status: ContentfulStatusCode;
  readonly type: string;
  /** Members of the error besides `message` (TooManyTags' and ResourceNotFound's `resourceName`). */
  readonly members: Record<string, string>;

  constructor(status: ContentfulStatusCode, type: string, message: string, members: Record<string, string> = {}) {
    super(message);
    this.status = status;
    this.type = type;
    this.members = members;
  }
}

// The REST errors' details that AWS answers as members of the error too.
const MEMBERS = ["resourceName"];

// REST names that AWS spells differently on this protocol.
const RENAMED: Record<string, string> = {
  PayloadTooLarge: "ValidationException",
  MissingRequiredParameter: "ValidationException",
  SerializationException: "SerializationException",
  NotFound: "UnknownOperationException",
};

/** Any thrown value as the AWS error to answer. */
export function toAwsError(err: unknown): AwsError {
  if (err instanceof AwsError) return err;
  if (err instanceof ApiError) {
    const type = Object.hasOwn(RENAMED, err.error) ? RENAMED[err.error] : err.error;
    // 4xx of the REST API (404 unknown, 409 exists, 413 too large) are all 400 here; 5xx stay.
    // AWS's own statuses for ConflictException (409) and ServiceQuotaExceededException (402).
    const own = err.status === 403 || err.error === "ConflictException" || err.error === "ServiceQuotaExceededException";
    const status: ContentfulStatusCode = err.status >= 500 || own ? err.status : 400;
    const members: Record<string, string> = {};
    for (const m of MEMBERS) if (typeof err.details?.[m] === "string") members[m] = err.details[m];
    return new AwsError(status, type, err.message, members);
  }
  if (err instanceof HTTPException) return new AwsError(err.status >= 500 ? 500 : 400, "ValidationException", err.message);
  console.error(err);
  return new AwsError(500, "InternalFailure", "The request processing has failed because of an unknown error.");
}
