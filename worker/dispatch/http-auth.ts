/**
 * The HTTP Task's `Authentication.ConnectionArn` (or `InvocationConfig.ConnectionArn`). AWS keeps the
 * credentials in an EventBridge connection; here HTTP_CONNECTIONS maps the connection's ARN, or its
 * name (`arn:aws:events:<region>:<acct>:connection/<name>/<id>`), to the name of a secret (or var)
 * holding them as JSON:
 *   {"type": "bearer", "token": "..."}                      Authorization: Bearer ...
 *   {"type": "basic", "username": "...", "password": "..."} Authorization: Basic base64(user:password)
 *   {"type": "api_key", "name": "X-Api-Key", "value": "..."} that header
 */
import { mapOf } from "./bindings.ts";

export const CONNECTION_ERROR = "Events.ConnectionResource.InvalidConnectionState";
const CONNECTION_ARN = /^arn:aws(?:-[a-z]+)*:events:[a-z0-9-]*:\d*:connection\/([^/]+)(?:\/.*)?$/;

/** The headers a connection adds, or why it cannot be used. */
export function connectionHeaders(env: object, arn: string): Record<string, string> | string {
  const map = mapOf(env, "HTTP_CONNECTIONS") ?? {};
  const name = CONNECTION_ARN.exec(arn)?.[1];
  const secret = Object.hasOwn(map, arn) ? map[arn] : name !== undefined && Object.hasOwn(map, name) ? map[name] : undefined;
  if (secret === undefined)
    return `Connection ${arn} is not configured: add it to HTTP_CONNECTIONS (connection ARN or name -> secret name)`;
  let raw = (env as Record<string, unknown>)[secret];
  if (typeof raw === "string") {
    try {
      raw = JSON.parse(raw);
    } catch {
      return `The secret ${secret} of connection ${arn} is not JSON`;
    }
  }
  if (typeof raw !== "object" || raw === null) return `The secret ${secret} of connection ${arn} is not set`;
  const a = raw as Record<string, unknown>;
  const str = (k: string) => (typeof a[k] === "string" ? (a[k] as string) : null);
  switch (a.type) {
    case "bearer":
      return str("token") ? { Authorization: `Bearer ${str("token")}` } : `The secret ${secret} has no token`;
    case "basic":
      return str("username") !== null && str("password") !== null
        ? { Authorization: `Basic ${btoa(`${str("username")}:${str("password")}`)}` }
        : `The secret ${secret} needs a username and a password`;
    case "api_key":
      return str("name") && str("value") !== null ? { [str("name")!]: str("value")! } : `The secret ${secret} needs a name and a value`;
    default:
      return `The secret ${secret} has type ${JSON.stringify(a.type)}: use bearer, basic or api_key`;
  }
}
