import type { Context } from "hono";
import { ApiError } from "../errors.ts";

const tooLarge = (max: number) => new ApiError(413, "PayloadTooLarge", `The request body is larger than ${max} bytes.`);

/** Reads at most `max` bytes, refusing early on a declared Content-Length, without buffering more. */
async function readCapped(req: Request, max: number): Promise<string> {
  const declared = Number(req.headers.get("Content-Length") ?? NaN);
  if (declared > max) throw tooLarge(max);
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw tooLarge(max);
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(all);
  } catch {
    throw new ApiError(400, "SerializationException", "The request body is not UTF-8 text.");
  }
}

/**
 * The request body as a JSON object (an empty body is `{}`). Any Content-Type is read as JSON, so
 * `curl -d '{...}'` works without `-H 'Content-Type: application/json'`.
 */
export async function jsonBody(c: Context, max: number): Promise<Record<string, unknown>> {
  const text = await readCapped(c.req.raw, max);
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
export const readText = (c: Context, max: number): Promise<string> => readCapped(c.req.raw, max);
