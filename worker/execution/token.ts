/**
 * Task tokens for `.waitForTaskToken`: the execution's ARN (so a callback finds its Durable Object)
 * and a random UUID (so nobody can guess one). The object checks the whole token against the one
 * it stored; the ARN part only routes.
 */
const b64url = (s: string): string => btoa(String.fromCharCode(...new TextEncoder().encode(s))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

export function makeTaskToken(executionArn: string, uuid: string): string {
  return `${b64url(executionArn)}.${uuid}`;
}

/** The execution a task token belongs to, or null for a token this runtime never made. */
export function executionOfToken(token: string): string | null {
  const dot = token.indexOf(".");
  if (dot <= 0) return null;
  try {
    const bin = atob(token.slice(0, dot).replace(/-/g, "+").replace(/_/g, "/"));
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
  } catch {
    return null;
  }
}
