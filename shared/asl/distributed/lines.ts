/**
 * Records from a byte stream, one at a time, with the byte offset after each: what lets a reader
 * resume after a restart with `store.get(bucket, key, offset)`. A record is a line (JSONL) or a CSV
 * row, whose quoted fields may hold line breaks. The scan works on bytes: the delimiter, the quote and
 * the line feed are ASCII, which never occurs inside a UTF-8 multi-byte sequence, so each record's
 * bytes are decoded alone. Memory holds one chunk plus the record being read, never the object.
 */
import { StatesError } from "../types.ts";

/** A record's raw bytes are refused past this (8 MiB): a line never ends, or a quote is never closed. */
export const MAX_RECORD_BYTES = 8 * 1024 * 1024;

export interface RawRecord {
  /** The record's text without its line break (a trailing `\r` removed too). */
  text: string;
  /** The 1-based line number where the record starts. */
  line: number;
  /** The byte offset just after the record and its line break. */
  end: number;
  /** The line number of the next record. */
  nextLine: number;
}

export interface ScanOptions {
  /** CSV: the field delimiter byte; quotes (`"`) at a field's start hide delimiters and line breaks. */
  delimiter?: number;
  /** Names the format in error causes. */
  what: string;
}

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;

// Scanner states (CSV): at a field's start, in an unquoted field, in a quoted one, just after a quote in one.
const START = 0,
  PLAIN = 1,
  QUOTED = 2,
  QUOTE_SEEN = 3;

/** Yields the records of `body`, whose first byte sits at `offset` in the object, starting at line `line`. */
export async function* scanRecords(
  body: ReadableStream<Uint8Array>,
  offset: number,
  line: number,
  opts: ScanOptions,
): AsyncGenerator<RawRecord> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const csv = opts.delimiter !== undefined;
  let buf = new Uint8Array(0);
  let start = 0; // where the current record starts in buf
  let scan = 0; // where scanning resumes in buf
  let base = offset; // the object offset of buf[0]
  let state = START;
  let breaks = 0; // line breaks inside the current record (quoted fields)
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      // Keep the unfinished record, append the chunk.
      const rest = buf.length - start;
      const next = new Uint8Array(rest + value.length);
      next.set(buf.subarray(start), 0);
      next.set(value, rest);
      base += start;
      scan -= start;
      start = 0;
      buf = next;
      for (let i = scan; i < buf.length; i++) {
        const b = buf[i];
        if (csv) {
          if (state === QUOTED) {
            if (b === QUOTE) state = QUOTE_SEEN;
            else if (b === LF) breaks++;
            continue;
          }
          if (b === QUOTE && state === START) state = QUOTED;
          else if (b === QUOTE && state === QUOTE_SEEN) state = QUOTED;
          else if (b === opts.delimiter) state = START;
          else if (b !== LF) state = PLAIN;
          if (b !== LF) continue;
        } else if (b !== LF) continue;
        const text = decode(decoder, buf, start, i);
        const first = line;
        line += breaks + 1;
        breaks = 0;
        state = START;
        start = i + 1;
        yield { text, line: first, end: base + start, nextLine: line };
      }
      scan = buf.length;
      if (buf.length - start > MAX_RECORD_BYTES) {
        throw new StatesError("States.ItemReaderFailed", `${opts.what} line ${line} is longer than ${MAX_RECORD_BYTES} bytes.`);
      }
    }
    if (csv && state === QUOTED) {
      throw new StatesError("States.ItemReaderFailed", `${opts.what} line ${line} is malformed: a quoted field is not closed.`);
    }
    if (start < buf.length) {
      const first = line;
      line += breaks + 1;
      yield { text: decode(decoder, buf, start, buf.length), line: first, end: base + buf.length, nextLine: line };
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
}

function decode(decoder: TextDecoder, buf: Uint8Array, from: number, to: number): string {
  if (to > from && buf[to - 1] === CR) to--;
  return decoder.decode(buf.subarray(from, to));
}
