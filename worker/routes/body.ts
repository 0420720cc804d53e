import type { Context } from "hono";
import { ApiError } from "../errors.ts";
import { readCapped, utf8 } from "../read-capped.ts";

const tooLarge = (max: number) => new ApiError(413, "PayloadTooLarge", `The request body is larger than ${max} bytes.`);

/** Reads at most `max` bytes (../read-capped.ts) as UTF-8 text. */
async function readCappedText(req: Request, max: number): Promise<string> {
  const bytes = await readCapped(req, max, tooLarge);
  return utf8(bytes, () => new ApiError(400, "SerializationException", "The request body is not UTF-8 text."));
}

/**
 * The request body as a JSON object (an empty body is `{}`). Any Content-Type is read as JSON, so
 * `curl -d '{...}'` works without `-H 'Content-Type: application/json'`.
 */
export async function jsonBody(c: Context, max: number): Promise<Record<string, unknown>> {
  const text = await readCappedText(c.req.raw, max);
  if (text.trim() === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new ApiError(400, "SerializationException", `The request body is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ApiError(400, "SerializationException", "The request body must be a JSON object.");
  }
  return value as Record<string, unknown>;
}

/** The request body as text (UTF-8, at most `max` bytes). */
export const readText = (c: Context, max: number): Promise<string> => readCappedText(c.req.raw, max);

/** An HTML form's fields (urlencoded, or multipart without files), the body at most `max` bytes. */
export async function formFields(c: Context, max: number): Promise<Record<string, string>> {
  const bytes = await readCapped(c.req.raw, max, tooLarge);
  const type = c.req.header("Content-Type") ?? "";
  let form: Iterable<[string, unknown]>;
  if (/^multipart\/form-data/i.test(type)) {
    try {
      form = await new Response(bytes, { headers: { "Content-Type": type } }).formData();
    } catch {
      throw new ApiError(400, "SerializationException", "The request body is not a valid multipart form.");
    }
  } else {
    form = new URLSearchParams(utf8(bytes, () => new ApiError(400, "SerializationException", "The request body is not UTF-8 text.")));
  }
  const fields: Record<string, string> = {};
  for (const [k, v] of form) if (typeof v === "string") fields[k] = v;
  return fields;
}
