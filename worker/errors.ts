import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/**
 * An error a client can trigger: `error` is its stable name, `message` says what to change, and
 * `details` (optional) adds fields to the body, e.g. a definition's `diagnostics`.
 */
export class ApiError extends HTTPException {
  readonly error: string;
  readonly details?: Record<string, unknown>;

  constructor(status: ContentfulStatusCode, error: string, message: string, details?: Record<string, unknown>) {
    super(status, { message });
    this.error = error;
    this.details = details;
  }
}
