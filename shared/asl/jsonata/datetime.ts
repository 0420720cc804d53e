/**
 * $fromMillis and $now with jsonata 2.0's `[PN]`: AM/PM in capitals (1.8.7 always writes am/pm).
 * A picture with such a marker is cut around it; every other part is formatted by jsonata itself.
 */
import jsonata from "jsonata";

import { active } from "./active.ts";

type Impl = (this: unknown, ...args: unknown[]) => unknown;

const FROM_MILLIS = (jsonata("$fromMillis").evaluate(undefined) as { implementation: Impl }).implementation;

/** `[PN]` (spaces allowed, a width after a comma too): the am/pm marker asking for capitals. */
const UPPER_AMPM = /\[\s*P\s*N\s*(?:,[^\]]*)?\]/;

/** The picture's parts: runs jsonata formats, and the `[PN]` markers (upper) between them. */
function split(picture: string): { text: string; upper: boolean }[] | undefined {
  const parts: { text: string; upper: boolean }[] = [];
  let start = 0;
  let i = 0;
  while (i < picture.length) {
    const c = picture[i];
    if ((c === "[" || c === "]") && picture[i + 1] === c) {
      i += 2; // an escaped bracket, literal
    } else if (c === "[") {
      const end = picture.indexOf("]", i);
      if (end < 0) return undefined; // jsonata reports the error
      const marker = picture.slice(i, end + 1);
      if (UPPER_AMPM.exec(marker)?.[0] === marker) {
        if (i > start) parts.push({ text: picture.slice(start, i), upper: false });
        parts.push({ text: "[P]", upper: true });
        start = end + 1;
      }
      i = end + 1;
    } else i++;
  }
  if (parts.length === 0) return undefined;
  if (start < picture.length) parts.push({ text: picture.slice(start), upper: false });
  return parts;
}

function format(self: unknown, millis: unknown, picture: unknown, timezone: unknown): unknown {
  const parts = typeof picture === "string" && picture.includes("P") ? split(picture) : undefined;
  if (!parts) return FROM_MILLIS.call(self, millis, picture, timezone);
  let out = "";
  for (const p of parts) {
    const s = FROM_MILLIS.call(self, millis, p.text, timezone) as string;
    out += p.upper ? s.toUpperCase() : s;
  }
  return out;
}

export function fromMillis(this: unknown, millis: unknown, picture: unknown, timezone: unknown): unknown {
  if (millis === undefined) return undefined;
  return format(this, millis, picture, timezone);
}

/** The host's time when it gives one (the engine never reads the clock), else jsonata's own. */
export function clock(self: { environment: { timestamp: Date } }, hostNow: number | undefined): number {
  return hostNow ?? self.environment.timestamp.getTime();
}

/** $now(picture, timezone): the host's time, formatted as jsonata formats it. */
export function now(this: { environment: { timestamp: Date } }, picture: unknown, timezone: unknown): unknown {
  return format(this, clock(this, active.env?.now), picture, timezone);
}

/** $millis(): the host's time in milliseconds. */
export function millis(this: { environment: { timestamp: Date } }): unknown {
  return clock(this, active.env?.now);
}
