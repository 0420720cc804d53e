import type { MiddlewareHandler } from "hono";
import type { Env } from "./env.ts";
import { ApiError } from "./errors.ts";

/** What `npm run dev` passes as API_TOKEN (`--var API_TOKEN:local-dev-token`); never use it deployed. */
export const LOCAL_DEV_TOKEN = "local-dev-token";

const encoder = new TextEncoder();

// Hash both sides first: timingSafeEqual needs equal lengths, and comparing digests hides the
// token's length as well as its content.
async function sameSecret(given: string, expected: string): Promise<boolean> {
  const [a, b] = await Promise.all([
    crypto.subtle.digest("SHA-256", encoder.encode(given)),
    crypto.subtle.digest("SHA-256", encoder.encode(expected)),
  ]);
  return crypto.subtle.timingSafeEqual(a, b);
}

/**
 * Management routes need `Authorization: Bearer <API_TOKEN>`. Without the secret configured the
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
  const match = header ? /^Bearer[ ]+(\S+)\s*$/i.exec(header) : null;
  if (!match) {
    c.header("WWW-Authenticate", 'Bearer realm="asl-runtime"');
    throw new ApiError(401, "MissingAuthenticationToken", "Send the header `Authorization: Bearer <API_TOKEN>`.");
  }
  if (!(await sameSecret(match[1], expected))) {
    c.header("WWW-Authenticate", 'Bearer realm="asl-runtime", error="invalid_token"');
    throw new ApiError(401, "UnrecognizedClient", "The bearer token does not match the API_TOKEN secret.");
  }
  await next();
};
