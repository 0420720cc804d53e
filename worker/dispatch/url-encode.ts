/** The HTTP Task's Transform: a RequestBody as application/x-www-form-urlencoded, with AWS's ArrayFormat. */
import type { JSONValue } from "../../shared/asl/types.ts";

export type ArrayFormat = "INDICES" | "REPEAT" | "COMMAS" | "BRACKETS";
export const ARRAY_FORMATS: ArrayFormat[] = ["INDICES", "REPEAT", "COMMAS", "BRACKETS"];

export function urlEncode(body: JSONValue, format: ArrayFormat): string {
  const out = new URLSearchParams();
  const add = (key: string, v: JSONValue): void => {
    if (Array.isArray(v)) {
      if (format === "COMMAS") out.append(key, v.map((x) => scalar(x)).join(","));
      else v.forEach((x, i) => add(format === "INDICES" ? `${key}[${i}]` : format === "BRACKETS" ? `${key}[]` : key, x));
    } else if (v !== null && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) add(`${key}[${k}]`, x);
    } else out.append(key, scalar(v));
  };
  if (body !== null && typeof body === "object" && !Array.isArray(body)) for (const [k, v] of Object.entries(body)) add(k, v);
  return out.toString();
}

const scalar = (v: JSONValue): string => (typeof v === "string" ? v : JSON.stringify(v));
