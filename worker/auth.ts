import type { MiddlewareHandler } from "hono";
import type { Env } from "./env.ts";
import { ApiError } from "./errors.ts";
import { CSRF_HEADER, sameOrigin, sessionOf, validCsrf, validSession } from "./console/session.ts";

/** What `npm run dev` passes as API_TOKEN (`--var API_TOKEN:local-dev-token`); never use it deployed. */
export const LOCAL_DEV_TOKEN = "local-dev-token";

const encoder = new TextEncoder();

/**
 * Whether `given` is the secret, in time that depends on neither the secret's content nor how much of it
 * `given` matches: timingSafeEqual compares the secret's bytes with `given`'s when their lengths are
 * equal, and with themselves when not, so the work is the same either way (encoding `given` costs what
 * its own length costs, which its sender knows). No digest: SHA-256 of both sides cost a tenth of a
 * StartSyncExecution's JavaScript.
 */
export function sameSecret(given: string, expected: string): boolean {
  const b = bytesOf(expected);
  const a = encoder.encode(given);
  const sameLength = a.byteLength === b.byteLength;
  const equal = crypto.subtle.timingSafeEqual(sameLength ? a : b, b);
  return sameLength && equal;
}

// The configured secret's bytes, encoded once per isolate (a secret changes only with a new deployment).
let known: { secret: string; bytes: Uint8Array } | undefined;
function bytesOf(secret: string): Uint8Array {
  if (known?.secret !== secret) known = { secret, bytes: encoder.encode(secret) };
  return known.bytes;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
/** GetActivityTask is a GET that takes a task off its queue. */
const CHANGES_ON_GET = /^\/activities\/[^/]+\/task\/?$/;

const changesState = (method: string, path: string): boolean => !SAFE_METHODS.has(method) || CHANGES_ON_GET.test(path);

/**
 * Management routes need `Authorization: Bearer <API_TOKEN>`, or the console's session cookie. Without the secret configured the
 * API refuses everything rather than run open by accident.
 */
export const requireToken: MiddlewareHandler<{ Bindings: Env }> = async (c, next) => {
  const expected = c.env.API_TOKEN;
  if (typeof expected !== "string" || expected === "") {
    throw new ApiError(
      503,
      "ApiTokenNotConfigured",
      "The API_TOKEN secret is not set, so the management API is closed. Set it with " +
        "`wrangler secret put API_TOKEN` (locally: `wrangler dev --var API_TOKEN:<token>`).",
    );
  }
  const header = c.req.header("Authorization");
  // The console's session cookie stands for the token (worker/console/session.ts); a request that
  // changes state must also carry the session's CSRF token and come from this site.
  const session = header === undefined ? sessionOf(c) : undefined;
  if (session !== undefined) {
    if (!(await validSession(expected, session)))
      throw new ApiError(401, "SessionExpired", "The console session has expired or is not valid: sign in again at /console.");
    if (!sameOrigin(c)) throw new ApiError(403, "ForbiddenOrigin", "A console request must come from this site's own pages.");
    if (changesState(c.req.method, c.req.path) && !(await validCsrf(expected, session, c.req.header(CSRF_HEADER))))
      throw new ApiError(403, "InvalidCsrfToken", `A console request that changes state needs the page's ${CSRF_HEADER} header.`);
    return next();
  }
  const match = header ? /^Bearer[ ]+(\S+)\s*$/i.exec(header) : null;
  if (!match) {
    c.header("WWW-Authenticate", 'Bearer realm="asl-runtime"');
    throw new ApiError(401, "MissingAuthenticationToken", "Send the header `Authorization: Bearer <API_TOKEN>`.");
  }
  if (!sameSecret(match[1], expected)) {
    c.header("WWW-Authenticate", 'Bearer realm="asl-runtime", error="invalid_token"');
    throw new ApiError(401, "UnrecognizedClient", "The bearer token does not match the API_TOKEN secret.");
  }
  await next();
};
