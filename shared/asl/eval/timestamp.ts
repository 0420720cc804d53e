/** RFC 3339 timestamps as Step Functions reads them (upper-case T and Z, offsets allowed). */

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-](\d{2}):(\d{2}))$/;

/** Milliseconds since the epoch, or undefined when `text` is not a valid RFC 3339 date-time. */
export function parseTimestamp(text: unknown): number | undefined {
  if (typeof text !== "string") return undefined;
  const match = RFC3339.exec(text);
  if (!match) return undefined;
  const [y, mo, d, h, mi, se] = [match[1], match[2], match[3], match[4], match[5], match[6]].map(Number);
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || se > 60) return undefined;
  const dim = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (d > dim) return undefined;
  let off = 0;
  if (match[8] !== "Z") {
    const oh = Number(match[9]);
    const om = Number(match[10]);
    if (oh > 23 || om > 59) return undefined;
    off = (oh * 60 + om) * 60000 * (match[8][0] === "-" ? -1 : 1);
  }
  const frac = match[7] ? Math.floor(Number("0" + match[7]) * 1000) : 0;
  return Date.UTC(y, mo - 1, d, h, mi, Math.min(se, 59)) + frac - off;
}

/** Format epoch milliseconds the way the context object shows times: `2024-01-01T00:00:00.000Z`. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}
