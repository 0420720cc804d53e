/**
 * D1 access for Express inputs too large for a queue message (migrations/0005): kept under the
 * execution's ARN until its queued start has run.
 */

export async function spillInput(db: D1Database, executionArn: string, input: string, now: number): Promise<void> {
  await db
    .prepare("INSERT OR REPLACE INTO express_inputs (execution_arn, input, created_at) VALUES (?1, ?2, ?3)")
    .bind(executionArn, input, now)
    .run();
}

/** The spilled input; null once it is gone (the start already ran). */
export async function spilledInput(db: D1Database, executionArn: string): Promise<string | null> {
  const row = await db.prepare("SELECT input FROM express_inputs WHERE execution_arn = ?1").bind(executionArn).first<{ input: string }>();
  return row ? row.input : null;
}

export async function dropSpilledInput(db: D1Database, executionArn: string): Promise<void> {
  await db.prepare("DELETE FROM express_inputs WHERE execution_arn = ?1").bind(executionArn).run();
}
