/**
 * The console at /console: server-rendered pages (hono/html) and one small client script. Pages read
 * through the application layer (worker/service) once the session is checked; everything a page does
 * (create, start, stop, approve, delete) goes through the REST API from the browser, with the session
 * cookie and the CSRF token, under the same authorization as curl.
 */
import { Hono, type Context } from "hono";
import { LOCAL_DEV_TOKEN, sameSecret } from "../auth.ts";
import type { Env } from "../env.ts";
import { ApiError } from "../errors.ts";
import { formFields } from "../routes/body.ts";
import { ASSETS } from "./assets.generated.ts";
import { activitiesPage } from "./pages/activities.ts";
import { editorPage } from "./pages/editor.ts";
import { errorPage } from "./pages/errors.ts";
import { executionPage } from "./pages/execution.ts";
import { executionsPage } from "./pages/executions.ts";
import { machinePage } from "./pages/machine.ts";
import { machinesPage } from "./pages/machines.ts";
import { signInPage } from "./pages/sign-in.ts";
import { clearSession, csrfToken, newSession, sameOrigin, sessionOf, setSession, validCsrf, validSession } from "./session.ts";

export type ConsoleEnv = { Bindings: Env; Variables: { csrf: string } };
export type ConsoleContext = Context<ConsoleEnv>;

/** The sign-in and sign-out forms: a token, a path, a CSRF token. */
const FORM_MAX = 16 * 1024;

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** `npm run dev` with its well-known token, reached on this machine: no sign-in (the token is in the README anyway). */
const localDev = (c: ConsoleContext): boolean => c.env.API_TOKEN === LOCAL_DEV_TOKEN && LOOPBACK.has(new URL(c.req.url).hostname);

/** Only paths of this console after sign-in: never an open redirect. */
const nextPath = (v: unknown): string => (typeof v === "string" && /^\/console(\/|$|\?)/.test(v) && !v.startsWith("//") ? v : "/console");

/** Scripts only from this worker (no inline script runs); inline style attributes for the graph's and timeline's geometry. */
const CSP = [
  "default-src 'self'",
  "img-src 'self' data:",
  "style-src 'self' 'unsafe-inline'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join("; ");

export const consoleRoutes = new Hono<ConsoleEnv>();

consoleRoutes.get("/assets/:name", (c) => {
  const a = ASSETS[c.req.param("name")];
  if (!a) return c.text("Not found", 404);
  // Content-hashed names: a new build is a new name, so a year of caching is safe.
  c.header("Cache-Control", "public, max-age=31536000, immutable");
  c.header("Content-Type", a.type);
  c.header("X-Content-Type-Options", "nosniff");
  return c.body(a.text);
});

consoleRoutes.use("*", async (c, next) => {
  c.header("X-Frame-Options", "DENY");
  c.header("Referrer-Policy", "same-origin");
  const host = new URL(c.req.url).host;
  // The execution page's WebSocket: named, as older browsers do not read ws: into 'self'.
  c.header("Content-Security-Policy", `${CSP}; connect-src 'self' ws://${host} wss://${host}`);
  c.header("Cache-Control", "no-store");
  await next();
});

consoleRoutes.get("/sign-in", (c) => c.html(signInPage({ next: nextPath(c.req.query("next")), configured: Boolean(c.env.API_TOKEN) })));

consoleRoutes.post("/sign-in", async (c) => {
  const form = await formFields(c, FORM_MAX);
  const next = nextPath(form.next);
  const expected = c.env.API_TOKEN;
  if (!expected) return c.html(signInPage({ next, configured: false }), 503);
  if (!sameOrigin(c)) return c.html(signInPage({ next, configured: true, error: "Sign in from this site's own sign-in page." }), 403);
  const token = typeof form.token === "string" ? form.token.trim() : "";
  if (!sameSecret(token, expected))
    return c.html(signInPage({ next, configured: true, error: "That is not the API token of this runtime." }), 401);
  setSession(c, await newSession(expected));
  return c.redirect(next, 303);
});

consoleRoutes.post("/sign-out", async (c) => {
  const form = await formFields(c, FORM_MAX);
  const session = sessionOf(c);
  const expected = c.env.API_TOKEN;
  if (session && expected && !(await validCsrf(expected, session, typeof form.csrf === "string" ? form.csrf : undefined)))
    return c.html(errorPage(403, "Forbidden", "Sign out from the console's own pages."), 403);
  clearSession(c);
  return c.redirect("/console/sign-in", 303);
});

// Every page below: a valid session (or local development), else the sign-in form.
consoleRoutes.use("*", async (c, next) => {
  const expected = c.env.API_TOKEN;
  if (!expected) return c.html(signInPage({ next: "/console", configured: false }), 503);
  let session = sessionOf(c);
  if (!session || !(await validSession(expected, session))) {
    if (!localDev(c)) return c.redirect(`/console/sign-in?next=${encodeURIComponent(c.req.path + new URL(c.req.url).search)}`, 303);
    session = await newSession(expected);
    setSession(c, session);
  }
  c.set("csrf", await csrfToken(expected, session));
  await next();
});

consoleRoutes.get("/", machinesPage);
consoleRoutes.get("/state-machines/new", (c) => editorPage(c, undefined));
consoleRoutes.get("/state-machines/:name", machinePage);
consoleRoutes.get("/state-machines/:name/edit", (c) => editorPage(c, c.req.param("name")));
consoleRoutes.get("/executions", executionsPage);
consoleRoutes.get("/executions/:arn", executionPage);
consoleRoutes.get("/activities", activitiesPage);
consoleRoutes.all("*", (c) => c.html(errorPage(404, "Page not found", `There is no console page at ${c.req.path}.`, c.var.csrf), 404));

consoleRoutes.onError((err, c) => {
  const csrf = (c as ConsoleContext).var.csrf;
  if (err instanceof ApiError) {
    // A malformed ARN in a console URL names no page either.
    const status = err.status === 404 || err.error.endsWith("DoesNotExist") || err.error === "InvalidArn" ? 404 : err.status;
    return c.html(errorPage(status, status === 404 ? "Not found" : err.error, err.message, csrf), status);
  }
  console.error(err);
  return c.html(errorPage(500, "Something went wrong", "The console could not show this page; the runtime's log says why.", csrf), 500);
});
