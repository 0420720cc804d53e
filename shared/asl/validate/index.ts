/**
 * The definition validator: ValidateStateMachineDefinition's checks, as pure functions. It parses a
 * definition (when given text), walks it once, and reports every problem with AWS's code and a
 * JSON-pointer location. It never throws. Deeper checks of paths, templates and JSONata expressions
 * belong to the compiler.
 */
import type { Diagnostic, JSONObject, StateMachineType } from "../types.ts";
import { checkMachine } from "./machine.ts";
import { error, isObject, schema, SCHEMA, type QueryLanguage, type Report } from "./report.ts";

export interface ValidateOptions {
  type?: StateMachineType;
  /** Largest definition accepted, in UTF-8 bytes; AWS's limit (1 MiB) by default. */
  maxBytes?: number;
}

export const DEFAULT_MAX_BYTES = 1024 * 1024;

const NOT_AN_OBJECT = "Definition must be a valid JSON object";

/** UTF-8 length of a string, counting no further than `limit + 1`. */
function utf8Length(text: string, limit: number): number {
  let n = 0;
  for (let i = 0; i < text.length && n <= limit; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) n += 1;
    else if (code < 0x800) n += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

function tooLarge(text: string, maxBytes: number): boolean {
  return text.length > maxBytes || (text.length * 3 > maxBytes && utf8Length(text, maxBytes) > maxBytes);
}

function fail(code: string, message: string, definition?: JSONObject): { definition?: JSONObject; diagnostics: Diagnostic[] } {
  return { definition, diagnostics: [{ code, location: "/", message, severity: "ERROR" }] };
}

/**
 * Parse (if a string) and check a definition's structure. Returns the parsed object (when it parsed)
 * and EVERY problem found (not only the first), each with its JSON-pointer location. Never throws.
 */
export function validateDefinition(def: unknown, opts: ValidateOptions = {}): { definition?: JSONObject; diagnostics: Diagnostic[] } {
  const type = opts.type ?? "STANDARD";
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const sizeMessage = `Definition must be at most ${maxBytes} bytes long`;
  let definition: JSONObject;
  if (typeof def === "string") {
    if (tooLarge(def, maxBytes)) return fail(SCHEMA, sizeMessage);
    if (def.trim() === "") return fail(SCHEMA, NOT_AN_OBJECT);
    let parsed: unknown;
    try {
      parsed = JSON.parse(def);
    } catch (e) {
      return fail("INVALID_JSON_DESCRIPTION", e instanceof Error ? e.message : String(e));
    }
    if (!isObject(parsed)) return fail(SCHEMA, NOT_AN_OBJECT);
    definition = parsed;
  } else if (isObject(def)) {
    definition = def;
    let text: string | undefined;
    try {
      text = JSON.stringify(def);
    } catch (e) {
      return fail("INVALID_JSON_DESCRIPTION", e instanceof Error ? e.message : String(e), definition);
    }
    if (tooLarge(text, maxBytes)) return fail(SCHEMA, sizeMessage, definition);
  } else {
    return fail(SCHEMA, NOT_AN_OBJECT);
  }

  const q = definition.QueryLanguage;
  const language: QueryLanguage = q === "JSONata" ? "JSONata" : "JSONPath";
  const report: Report = { diagnostics: [], type, language, stateNames: new Set(), labels: new Set(), depth: 0, scopes: [] };
  if (q !== undefined && q !== "JSONPath" && q !== "JSONata") {
    schema(report, "/QueryLanguage", "Value should be one of the following: [JSONPath, JSONata]");
  }
  try {
    checkMachine(report, definition, "", "root");
  } catch (e) {
    // A bug in a check must not take the caller down; say so instead.
    error(report, SCHEMA, "/", `The definition could not be validated: ${e instanceof Error ? e.message : String(e)}`);
  }
  return { definition, diagnostics: report.diagnostics };
}
