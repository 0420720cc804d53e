import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** An error a client can trigger: `error` is its stable name, `message` says what to change. */
export class ApiError extends HTTPException {
  readonly error: string;

  constructor(status: ContentfulStatusCode, error: string, message: string) {
    super(status, { message });
    this.error = error;
  }
}
