import { ApiError } from "../errors.ts";

/** maxResults as AWS takes it: 1..1000; absent (or 0, as AWS allows) means the default. */
export function pageSize(raw: unknown, fallback = 100): number {
  if (raw === undefined || raw === null || raw === "" || raw === 0 || raw === "0") return fallback;
  const n = typeof raw === "number" ? raw : typeof raw === "string" && /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > 1000) {
    throw new ApiError(400, "ValidationException", `maxResults must be an integer from 1 to 1000, not ${JSON.stringify(raw)}.`);
  }
  return n;
}

// Tokens are opaque to clients: base64url of a small JSON cursor. They hold no secret; a tampered
// one can only page from somewhere else in a listing the caller may read anyway.
export function encodeToken(cursor: Record<string, string | number>): string {
  const bytes = new TextEncoder().encode(JSON.stringify(cursor));
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** The cursor in a token, checked against the fields the listing expects; InvalidToken otherwise. */
export function decodeToken<T extends Record<string, "string" | "number">>(
  token: string,
  shape: T,
): { [K in keyof T]: T[K] extends "string" ? string : number } {
  const bad = () => new ApiError(400, "InvalidToken", "nextToken is not a token this listing handed out.");
  let cursor: unknown;
  try {
    const bin = atob(token.replace(/-/g, "+").replace(/_/g, "/"));
    cursor = JSON.parse(new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(Uint8Array.from(bin, (ch) => ch.charCodeAt(0))));
  } catch {
    throw bad();
  }
  if (typeof cursor !== "object" || cursor === null) throw bad();
  for (const [key, kind] of Object.entries(shape)) {
    if (typeof (cursor as Record<string, unknown>)[key] !== kind) throw bad();
  }
  return cursor as { [K in keyof T]: T[K] extends "string" ? string : number };
}
