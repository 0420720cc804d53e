/**
 * RFC 3339 timestamps as Step Functions accepts them: an uppercase `T` between date and time, `Z` or
 * a numeric offset, optional fraction, and every field in range (no month 13, no hour 25, no 31 April).
 */
const SHAPE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:Z|([+-])(\d{2}):(\d{2}))$/;

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function isTimestamp(text: string): boolean {
  const match = SHAPE.exec(text);
  if (!match) return false;
  const year = +match[1],
    month = +match[2],
    day = +match[3];
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 && leap ? 29 : DAYS[month - 1])) return false;
  if (+match[4] > 23 || +match[5] > 59 || +match[6] > 59) return false;
  if (match[7] !== undefined && (+match[8] > 23 || +match[9] > 59)) return false;
  return true;
}

export const TIMESTAMP_MESSAGE = "String does not match RFC3339 timestamp";
