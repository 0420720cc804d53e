/**
 * The EXPRESS_STARTS queue consumer: each message is one asynchronous Express start, run to its end
 * (worker/service/express.ts). A consumer that fails (D1 down, the isolate lost) leaves the message to
 * be retried by the queue, so an execution may run twice, as AWS documents for Express.
 */
import type { Env } from "../env.ts";
import { logExpress, type ExpressStart } from "../service/express-queue.ts";
import { runQueuedStart } from "../service/express.ts";

/** Each message on its own; a thrown error retries that message only. */
export async function expressStartsConsumer(batch: MessageBatch<ExpressStart>, env: Env): Promise<void> {
  await Promise.all(
    batch.messages.map(async (message) => {
      try {
        await runQueuedStart(env, message.body);
        message.ack();
      } catch (e) {
        const reason = e instanceof Error ? e.message : String(e);
        logExpress({ event: "ExpressExecutionRetried", executionArn: message.body?.executionArn, attempts: message.attempts, reason });
        message.retry();
      }
    }),
  );
}
