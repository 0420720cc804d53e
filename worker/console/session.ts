/**
 * The console's session: after sign-in with the API token, an `HttpOnly`, `SameSite=Strict` cookie
 * holds `<expires>.<nonce>.<signature>`, signed with a key derived from API_TOKEN (never the token
 * itself; changing the token ends every session). Requests that change state also carry the session's
 * CSRF token (`X-CSRF-Token`, or a form's `csrf` field), derived from the cookie: a page of another
 * site can neither read it nor make it.
 */
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";

/** On https the `__Host-` prefix: the browser then refuses it from a sibling subdomain or without Secure. */
export const SESSION_COOKIE = "asl_session";
const SECURE_COOKIE = `__Host-${SESSION_COOKIE}`;
export const CSRF_HEADER = "X-CSRF-Token";
/** Twelve hours, then the sign-in form again. */
export const SESSION_SECONDS = 12 * 60 * 60;

const encoder = new TextEncoder();

const b64url = (bytes: ArrayBuffer | Uint8Array): string =>
  btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");

async function sign(apiToken: string, purpose: string, text: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    encoder.encode(`asl-console:${purpose}:${apiToken}`),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  return b64url(await crypto.subtle.sign("HMAC", key, encoder.encode(text)));
}

function same(a: string, b: string): boolean {
  const x = encoder.encode(a);
  const y = encoder.encode(b);
  return x.length === y.length && crypto.subtle.timingSafeEqual(x, y);
}

/** A new session's cookie value, valid for SESSION_SECONDS from `now`. */
export async function newSession(apiToken: string, now = Date.now()): Promise<string> {
  const expires = Math.floor(now / 1000) + SESSION_SECONDS;
  const nonce = b64url(crypto.getRandomValues(new Uint8Array(16)));
  return `${expires}.${nonce}.${await sign(apiToken, "session", `${expires}.${nonce}`)}`;
}

/** True when `value` is a session this API token signed and it has not expired. */
export async function validSession(apiToken: string, value: string | undefined, now = Date.now()): Promise<boolean> {
  const m = value ? /^(\d{1,12})\.([\w-]{22})\.([\w-]{43})$/.exec(value) : null;
  if (!m || Number(m[1]) * 1000 <= now) return false;
  return same(m[3], await sign(apiToken, "session", `${m[1]}.${m[2]}`));
}

/** The CSRF token that goes with a session. */
export const csrfToken = (apiToken: string, session: string): Promise<string> => sign(apiToken, "csrf", session);

export async function validCsrf(apiToken: string, session: string, given: string | undefined): Promise<boolean> {
  return given !== undefined && same(given, await csrfToken(apiToken, session));
}

const secure = (c: Context): boolean => new URL(c.req.url).protocol === "https:";
const cookieName = (c: Context): string => (secure(c) ? SECURE_COOKIE : SESSION_COOKIE);

export const sessionOf = (c: Context): string | undefined => getCookie(c, cookieName(c));

export function setSession(c: Context, value: string): void {
  setCookie(c, cookieName(c), value, { path: "/", httpOnly: true, sameSite: "Strict", secure: secure(c), maxAge: SESSION_SECONDS });
}

export function clearSession(c: Context): void {
  deleteCookie(c, cookieName(c), { path: "/", httpOnly: true, sameSite: "Strict", secure: secure(c) });
}

/**
 * A browser request from this site: its Origin (sent with every POST, PUT, DELETE and WebSocket
 * handshake) is this worker's own. Absent Origin passes: only browsers send cookies on their own, and
 * they send Origin with every request that changes state.
 */
export function sameOrigin(c: Context): boolean {
  const origin = c.req.header("Origin");
  return origin === undefined || origin === new URL(c.req.url).origin;
}
