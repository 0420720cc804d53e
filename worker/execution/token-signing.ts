/**
 * Task tokens (`$$.Task.Token`): `<execution ARN>.<state entry>.<nonce>.<signature>`, the first part
 * base64url, the signature an HMAC-SHA-256 of the rest with TASK_TOKEN_SECRET (or, unset, a key derived
 * from API_TOKEN so that `npm run dev` works). The ARN routes a callback to its Durable Object; the
 * signature makes a token unforgeable; the random nonce makes every token (every retry's) different.
 */
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";

const enc = new TextEncoder();

/**
 * Signing is synchronous: the engine asks for a token inside a synchronous step (Host.taskToken), and
 * crypto.subtle only signs asynchronously.
 */
const hmacSha256 = (key: Uint8Array, message: Uint8Array): Uint8Array => hmac(sha256, key, message);

const b64url = (bytes: Uint8Array): string =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");

function unb64url(s: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(s)) return null;
  try {
    return Uint8Array.from(atob(s.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

/** The secrets a token is signed with (worker/env.ts: TASK_TOKEN_SECRET, API_TOKEN). */
export interface TokenSecrets {
  TASK_TOKEN_SECRET?: string;
  API_TOKEN?: string;
}

/** The signing key: TASK_TOKEN_SECRET, else one derived from API_TOKEN (never API_TOKEN itself). */
export function tokenKey(env: TokenSecrets): Uint8Array {
  if (env.TASK_TOKEN_SECRET) return enc.encode(env.TASK_TOKEN_SECRET);
  return hmacSha256(enc.encode("asl-runtime task tokens"), enc.encode(env.API_TOKEN ?? ""));
}

/** A new signed token for one state entry of an execution. */
export function makeTaskToken(key: Uint8Array, executionArn: string, enteredEventId: number): string {
  const nonce = b64url(crypto.getRandomValues(new Uint8Array(16)));
  const body = `${b64url(enc.encode(executionArn))}.${enteredEventId}.${nonce}`;
  return `${body}.${b64url(hmacSha256(key, enc.encode(body)))}`;
}

/** The execution a task token names (not checked: routing only), or null for one this runtime never made. */
export function executionOfToken(token: string): string | null {
  const dot = token.indexOf(".");
  const bytes = dot > 0 ? unb64url(token.slice(0, dot)) : null;
  if (!bytes) return null;
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return null;
  }
}

/** Checks the signature (crypto.subtle, constant time): the execution it names, or null when forged or garbled. */
export async function verifyTaskToken(key: Uint8Array, token: string): Promise<{ executionArn: string; enteredEventId: number } | null> {
  const parts = token.split(".");
  if (parts.length !== 4 || !/^\d{1,12}$/.test(parts[1])) return null;
  const executionArn = executionOfToken(token);
  const sig = unb64url(parts[3]);
  if (executionArn === null || !sig || sig.length !== 32) return null;
  const k = await crypto.subtle.importKey("raw", key, { name: "HMAC", hash: "SHA-256" }, false, ["verify"]);
  const ok = await crypto.subtle.verify("HMAC", k, sig, enc.encode(parts.slice(0, 3).join(".")));
  return ok ? { executionArn, enteredEventId: Number(parts[1]) } : null;
}
