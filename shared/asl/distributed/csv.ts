/**
 * CSV rows as AWS's ItemReader reads them (RFC 4180 quoting): every value a string exactly as written
 * (`true` stays "true", `'x'` keeps its quotes, surrounding spaces stay), values past the last header
 * dropped, missing ones "". Headers come from the first row (FIRST_ROW) or the ReaderConfig (GIVEN) and
 * must not repeat.
 */
import { StatesError, type JSONObject } from "../types.ts";
import type { CsvDelimiter } from "./types.ts";
import { putField } from "../../json/put-field.ts";

export const DELIMITERS: Record<CsvDelimiter, string> = { COMMA: ",", PIPE: "|", SEMICOLON: ";", SPACE: " ", TAB: "\t" };

/** The fields of one record (its line breaks, if quoted, included). `line` names the record in errors. */
export function parseFields(text: string, delimiter: string, line: number, what = "CSV"): string[] {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (text[i] === '"') {
      // A quoted field: "" is one quote; it ends at the closing quote, then a delimiter or the end.
      let value = "";
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) throw new StatesError("States.ItemReaderFailed", `${what} line ${line} is malformed: a quoted field is not closed.`);
        value += text.slice(i, q);
        if (text[q + 1] === '"') {
          value += '"';
          i = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      // Anything between the closing quote and the delimiter is kept, as lenient readers do.
      const d = text.indexOf(delimiter, i);
      const end = d < 0 ? text.length : d;
      fields.push(value + text.slice(i, end));
      if (d < 0) return fields;
      i = d + 1;
    } else {
      const d = text.indexOf(delimiter, i);
      if (d < 0) {
        fields.push(text.slice(i));
        return fields;
      }
      fields.push(text.slice(i, d));
      i = d + 1;
    }
  }
}

/** Refuses repeated header names, as AWS does. */
export function checkHeaders(headers: string[]): string[] {
  if (new Set(headers).size !== headers.length) throw new StatesError("States.ItemReaderFailed", "CSV headers cannot contain duplicates.");
  return headers;
}

/** One item: each header with its field ("" when the row is short); fields past the headers dropped. */
export function rowItem(headers: string[], fields: string[]): JSONObject {
  const item: JSONObject = {};
  for (let i = 0; i < headers.length; i++) putField(item, headers[i], i < fields.length ? fields[i] : "");
  return item;
}
