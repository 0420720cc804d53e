/** Why the CLI stops: a bad argument or a bad file (exit 2), as one line for the terminal. */
export class UsageError extends Error {
  readonly exitCode = 2;
}

/** Exit codes a CI can rely on. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;
