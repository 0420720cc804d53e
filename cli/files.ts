/**
 * Reading definitions and configuration files: JSON (with `shared/json/locate.ts` for line and
 * column) or YAML (SAM and the Serverless framework write ASL in YAML; parsed with `yaml`). Every
 * value gets a position by its JSON pointer, so a diagnostic can be shown at its line.
 */
import { readFileSync } from "node:fs";
import { extname } from "node:path";
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from "yaml";
import { locate, pointerToken } from "../shared/json/locate.ts";
import type { JSONValue } from "../shared/asl/types.ts";
import { UsageError } from "./errors.ts";

export interface Place {
  line: number;
  column: number;
}

export interface LoadedFile {
  path: string;
  /** The JSON text of the value (a YAML file's value serialized), as the API would receive it. */
  text: string;
  value: JSONValue;
  /** Position of a JSON pointer; the nearest enclosing value's when the pointer itself is absent. */
  placeOf(pointer: string): Place;
}

const isYaml = (path: string): boolean => [".yaml", ".yml"].includes(extname(path).toLowerCase());

export function readText(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw new UsageError(`${path}: cannot read the file (${code === "ENOENT" ? "no such file" : (code ?? String(e))})`);
  }
}

/** A JSON or YAML file; a syntax error is a UsageError naming the file, line and column. */
export function loadFile(path: string): LoadedFile {
  const source = readText(path);
  return isYaml(path) ? loadYaml(path, source) : loadJson(path, source);
}

function nearest(pointers: Map<string, Place>, pointer: string): Place {
  let p = pointer === "/" ? "" : pointer;
  for (;;) {
    const at = pointers.get(p);
    if (at) return { line: at.line, column: at.column };
    if (p === "") return { line: 1, column: 1 };
    p = p.slice(0, p.lastIndexOf("/"));
  }
}

function loadJson(path: string, text: string): LoadedFile {
  const located = locate(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  if (located.error) throw new UsageError(`${path}:${located.error.line}:${located.error.column}: invalid JSON: ${located.error.message}`);
  const value = JSON.parse(text.replace(/^\uFEFF/, "")) as JSONValue;
  return { path, text, value, placeOf: (pointer) => nearest(located.pointers, pointer) };
}

function loadYaml(path: string, source: string): LoadedFile {
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines, uniqueKeys: true });
  const problem = doc.errors[0];
  if (problem) {
    const at = problem.linePos?.[0];
    const first = problem.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
    throw new UsageError(`${path}:${at ? `${at.line}:${at.col}` : "1:1"}: invalid YAML: ${first}`);
  }
  const value = (doc.toJS({ maxAliasCount: 100 }) ?? null) as JSONValue;
  const pointers = new Map<string, Place>();
  const place = (offset: number): Place => {
    const p = lines.linePos(offset);
    return { line: p.line, column: p.col };
  };
  const walk = (node: unknown, pointer: string, at: Place | undefined): void => {
    const n = node as Node | null;
    if (n?.range) pointers.set(pointer, at ?? place(n.range[0]));
    if (isMap(n)) {
      for (const item of n.items) {
        if (!isPair(item)) continue;
        const key = isScalar(item.key) ? String(item.key.value) : String(item.key);
        const keyNode = item.key as Node | null;
        walk(item.value, `${pointer}/${pointerToken(key)}`, keyNode?.range ? place(keyNode.range[0]) : undefined);
      }
    } else if (isSeq(n)) n.items.forEach((item, i) => walk(item, `${pointer}/${i}`, undefined));
  };
  walk(doc.contents, "", undefined);
  return { path, text: JSON.stringify(value), value, placeOf: (pointer) => nearest(pointers, pointer) };
}

/** `--input '{"a":1}'` or `--input @file.json` (JSON or YAML): the value, or a UsageError. */
export function jsonArgument(option: string, raw: string): JSONValue {
  if (raw.startsWith("@")) return loadFile(raw.slice(1)).value;
  try {
    return JSON.parse(raw) as JSONValue;
  } catch (e) {
    throw new UsageError(`--${option}: not JSON (${e instanceof Error ? e.message : String(e)}); give JSON text or @file.json`);
  }
}
