/** Request fields as AWS's JSON protocol sends them, and dates as it answers them (epoch seconds). */
import { AwsError } from "./errors.ts";

export type Body = Record<string, unknown>;

const DATE_FIELDS = new Set(["creationDate", "updateDate", "startDate", "stopDate", "timestamp", "redriveDate"]);

/** A copy with every ISO date field (at any depth) as epoch seconds, the number the SDKs parse. */
export function epochDates<T>(value: T): T {
  if (Array.isArray(value)) return value.map(epochDates) as T;
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = DATE_FIELDS.has(k) && typeof v === "string" ? Date.parse(v) / 1000 : epochDates(v);
  }
  return out as T;
}

const invalid = (field: string, what: string) =>
  new AwsError(400, "ValidationException", `1 validation error detected: Value at '${field}' failed to satisfy constraint: ${what}`);

/** A required string member. */
export function required(body: Body, field: string): string {
  const v = body[field];
  if (v === undefined || v === null) throw invalid(field, "Member must not be null");
  if (typeof v !== "string") throw invalid(field, "Member must be a string");
  return v;
}

/** An optional string member (undefined when absent). */
export function optional(body: Body, field: string): string | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") throw invalid(field, "Member must be a string");
  return v;
}

/** An optional boolean member. */
export function flag(body: Body, field: string): boolean | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "boolean") throw invalid(field, "Member must be a boolean");
  return v;
}
