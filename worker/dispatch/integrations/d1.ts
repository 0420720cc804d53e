/**
 * `d1:<BINDING>:query`: one parameterised statement. Input `{Sql, Parameters?}` (`?` or `?NNN`
 * placeholders; values are strings, numbers, booleans as 1/0, or null, never spliced into the text),
 * result `{Results: [rows], Meta: {Changes, Duration, LastRowId, RowsRead, RowsWritten}}`. Errors are
 * named as the RDS Data API names them (D1.BadRequestException, D1.DatabaseErrorException).
 * `DB`, the runtime's own index, is refused: a workflow gets a database of its own.
 */
import type { JSONValue } from "../../../shared/asl/types.ts";
import type { TaskResult } from "../../execution/contract.ts";
import { isObject } from "../aws-shape.ts";
import { bindingOfKind } from "../bindings.ts";
import type { Integration } from "../types.ts";

export const RESERVED_D1 = "DB";

export function d1Problem(env: object, binding: string): string | null {
  if (binding === RESERVED_D1) return `d1:${binding}: '${binding}' is the runtime's own database; bind a database of the workflow's own`;
  const b = bindingOfKind(env, binding, "d1");
  return typeof b === "string" ? b : null;
}

const bad = (cause: string): TaskResult => ({ error: "D1.BadRequestException", cause });

export async function runD1(env: object, binding: string, input: JSONValue): Promise<TaskResult> {
  const problem = d1Problem(env, binding);
  if (problem) return { error: "States.Runtime", cause: problem };
  const db = bindingOfKind<D1Database>(env, binding, "d1") as D1Database;
  const p = isObject(input) ? input : {};
  if (typeof p.Sql !== "string" || p.Sql.trim() === "")
    return bad(`d1:${binding}:query needs Sql (one statement, values as ? placeholders)`);
  const params = p.Parameters ?? [];
  if (!Array.isArray(params)) return bad("Parameters must be an array of values for the ? placeholders");
  const values: (string | number | null)[] = [];
  for (const [i, v] of params.entries()) {
    if (typeof v === "boolean") values.push(v ? 1 : 0);
    else if (v === null || typeof v === "string" || typeof v === "number") values.push(v);
    else return bad(`Parameters[${i}] is ${Array.isArray(v) ? "an array" : "an object"}: a parameter is a string, number, boolean or null`);
  }
  try {
    const r = await db
      .prepare(p.Sql)
      .bind(...values)
      .all();
    const m = r.meta;
    return {
      output: {
        Results: r.results as JSONValue,
        Meta: { Changes: m.changes, Duration: m.duration, LastRowId: m.last_row_id, RowsRead: m.rows_read, RowsWritten: m.rows_written },
      },
    };
  } catch (e) {
    return { error: "D1.DatabaseErrorException", cause: e instanceof Error ? e.message : String(e) };
  }
}

/** `d1:<BINDING>:query`. */
export const d1: Integration = {
  keys: ["d1:query"],
  problem: ({ env }, resource) => d1Problem(env, (resource as { binding: string }).binding),
  run: ({ env }, call, resource) => runD1(env, (resource as { binding: string }).binding, call.input),
};
