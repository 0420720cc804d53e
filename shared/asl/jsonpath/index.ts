/**
 * JSONPath as Step Functions evaluates it (Jayway semantics): a path is parsed once into segments,
 * then evaluated without any string work. A definite path (names and indexes only) yields one value
 * or nothing; an indefinite one (wildcard, slice, union, filter, deep scan) yields a list.
 *
 * Written by hand rather than taken from a library: AWS accepts a particular subset of Jayway's
 * syntax and quotes Jayway's canonical paths in its error messages, which conformance checks.
 */
export { canonical, PathSyntaxError, type CompiledPath, type Seg } from "./syntax.ts";
export { compilePath } from "./parse.ts";
export { getDefinite, jsonEqual, missingMessage, queryAll } from "./query.ts";
export { setAtPath } from "./write.ts";
