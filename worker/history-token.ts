/**
 * The opaque nextToken of GetExecutionHistory: the id of the next event to return. Shared by the
 * routes (which refuse a token they never gave before asking any Durable Object) and the object.
 */
const TOKEN_PREFIX = "h1:";

export function writeHistoryToken(nextEventId: number): string {
  return btoa(TOKEN_PREFIX + nextEventId);
}

/** The event id a token stands for, or undefined for a token this runtime never gave. */
export function readHistoryToken(token: string): number | undefined {
  let text: string;
  try {
    text = atob(token);
  } catch {
    return undefined;
  }
  const id = text.startsWith(TOKEN_PREFIX) ? Number(text.slice(TOKEN_PREFIX.length)) : NaN;
  return Number.isInteger(id) && id >= 1 ? id : undefined;
}
