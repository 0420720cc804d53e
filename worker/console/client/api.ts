/**
 * The REST API, from the browser: the session cookie goes by itself, the CSRF token from the page's
 * <meta>. A 401 (the session expired) goes back to the sign-in form.
 */

export class ApiFailure extends Error {
  readonly status: number;
  readonly error: string;
  readonly body: Record<string, unknown>;

  constructor(status: number, error: string, message: string, body: Record<string, unknown>) {
    super(message);
    this.status = status;
    this.error = error;
    this.body = body;
  }
}

const csrf = (): string => document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')?.content ?? "";

export function signInAgain(): void {
  location.assign(`/console/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`);
}

export async function api<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (method !== "GET") headers["X-CSRF-Token"] = csrf();
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const res = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: "same-origin",
  });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    json = { error: "BadResponse", message: text.slice(0, 200) };
  }
  if (res.status === 401) {
    signInAgain();
    throw new ApiFailure(401, String(json.error ?? "Unauthorized"), "The session has expired: signing in again.", json);
  }
  if (!res.ok) throw new ApiFailure(res.status, String(json.error ?? res.status), String(json.message ?? res.statusText), json);
  return json as T;
}

export const enc = encodeURIComponent;
