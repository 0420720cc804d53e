/**
 * The task worker the example state machines call (bound as `TASKS` in wrangler.toml, reached via
 * LAMBDA_FUNCTIONS). Each method is a "Lambda function" of the tutorial, deterministic so that a run
 * can be replayed and tested: which inputs fail, and how, is written beside each method.
 */
import { WorkerEntrypoint } from "cloudflare:workers";
import type { JSONObject, JSONValue } from "../../shared/asl/types.ts";
import type { TaskContext } from "../dispatch/integrations/worker.ts";
import type { Env } from "../env.ts";

export const DECLINED_CARD = "4000-0000-0000-0002";
/** Busy twice (retryable), then approved on the third attempt. */
export const FLAKY_CARD = "4000-0000-0000-0119";
export const NO_FUNDS_CARD = "4000-0000-0000-9995";
export const OUT_OF_STOCK_SKU = "OUT-OF-STOCK";
/** A destination no carrier serves: shipping fails and the saga compensates. */
export const UNSHIPPABLE_COUNTRY = "XX";

const obj = (v: JSONValue | undefined): JSONObject => (v !== null && typeof v === "object" && !Array.isArray(v) ? v : {});
const items = (order: JSONObject): JSONObject[] => (Array.isArray(order.items) ? order.items.map(obj) : []);
const num = (v: JSONValue | undefined): number => (typeof v === "number" ? v : 0);
const round = (n: number): number => Math.round(n * 100) / 100;

/** Lambda's error payload: a failure returned, not thrown (see `failure`). */
type TaskFailure = { errorType: string; errorMessage: string };

/**
 * A failure the workflow may Retry or Catch by name (`errorType`, as a Lambda's). It is returned, not
 * thrown: an error thrown from an RPC method is an uncaught exception of this worker's invocation to
 * workerd (`wrangler dev` prints it as `✘ [ERROR] Uncaught ...`, and it counts as an exception in the
 * worker's metrics), while the dispatcher reads a returned `{errorType, errorMessage}` as the same
 * task failure. So the log gets one line for it: the task's failure.
 */
function failure(ctx: TaskContext | undefined, errorType: string, errorMessage: string): TaskFailure {
  console.log(`task failed: ${ctx?.stateName ?? "(no state)"} of ${ctx?.executionArn ?? "(no execution)"}: ${errorType}: ${errorMessage}`);
  return { errorType, errorMessage };
}

const isFailure = (v: JSONValue): boolean =>
  v !== null && typeof v === "object" && !Array.isArray(v) && typeof v.errorType === "string" && typeof v.errorMessage === "string";

export class ExampleTasks extends WorkerEntrypoint<Env> {
  /** ValidateOrder: the order itself (InputPath $.order). */
  async validateOrder(input: JSONValue): Promise<JSONValue> {
    const order = obj(input);
    const lines = items(order);
    if (typeof order.id !== "string" || lines.length === 0) {
      return { isValid: false, errorCode: "INVALID_ORDER", reason: "an order needs an id and at least one item" };
    }
    const missing = lines.find((l) => l.sku === OUT_OF_STOCK_SKU || num(l.qty) > 100);
    if (missing) return { isValid: false, errorCode: "INSUFFICIENT_STOCK", reason: `not enough ${missing.sku}` };
    return { isValid: true, itemCount: lines.length };
  }

  /** ProcessPayment / ChargePayment: `{order, payment: {card}, attempt}`. */
  async processPayment(input: JSONValue, ctx?: TaskContext): Promise<JSONValue> {
    const { order, payment, attempt } = obj(input);
    const card = obj(payment).card;
    const id = obj(order).id;
    if (card === DECLINED_CARD) return failure(ctx, "PaymentDeclined", "Card was declined");
    if (card === NO_FUNDS_CARD) return failure(ctx, "InsufficientFunds", "Insufficient funds in account");
    if (card === FLAKY_CARD && num(attempt) < 2) {
      return failure(ctx, "Lambda.TooManyRequestsException", "Payment gateway busy, try again");
    }
    return { transactionId: `txn-${String(id)}`, amount: num(obj(order).total), status: "APPROVED" };
  }

  async refundPayment(input: JSONValue): Promise<JSONValue> {
    const id = obj(obj(input).order).id;
    return { refunded: true, transactionId: `txn-${String(id)}` };
  }

  /** ReserveStock: fails for an item that is out of stock. */
  async reserveInventory(input: JSONValue, ctx?: TaskContext): Promise<JSONValue> {
    const order = obj(obj(input).order);
    const missing = items(order).find((l) => l.sku === OUT_OF_STOCK_SKU);
    if (missing) return failure(ctx, "OutOfStock", `No stock left for ${String(missing.sku)}`);
    return { reservationId: `res-${String(order.id)}`, items: items(order).length };
  }

  async releaseInventory(input: JSONValue): Promise<JSONValue> {
    return { released: true, reservationId: `res-${String(obj(obj(input).order).id)}` };
  }

  /** ShipOrder / StartShipping: fails for a country no carrier serves. */
  async shipOrder(input: JSONValue, ctx?: TaskContext): Promise<JSONValue> {
    const { order, shipping } = obj(input);
    const country = obj(obj(shipping).address).country;
    if (country === UNSHIPPABLE_COUNTRY) return failure(ctx, "ShipmentFailed", `No carrier delivers to ${country}`);
    return { trackingNumber: `trk-${String(obj(order).id)}`, carrier: "EXAMPLE-POST" };
  }

  async checkDeliveryStatus(input: JSONValue): Promise<JSONValue> {
    return { delivered: true, orderId: obj(obj(input).order).id ?? null };
  }

  /** SendEmail, NotifyOutOfStock, NotifyFailure, ...: records what would be sent. */
  async sendNotification(input: JSONValue, ctx?: TaskContext): Promise<JSONValue> {
    const email = obj(obj(input).customer).email ?? null;
    return { sent: true, to: email, about: ctx?.stateName ?? null };
  }

  async updateInventory(input: JSONValue): Promise<JSONValue> {
    return { updated: items(obj(obj(input).order)).length };
  }

  /** ProcessOrder (fan-out): one whole order, validated and totalled; never fails the Map. */
  async processOrder(input: JSONValue): Promise<JSONValue> {
    const order = obj(input);
    const check = obj(await this.validateOrder(order));
    const total = round(items(order).reduce((s, l) => s + num(l.qty) * num(l.price), 0));
    return { orderId: order.id ?? null, status: check.isValid ? "PROCESSED" : "REJECTED", total };
  }

  /** ProcessItem: one line item of the Map. */
  async processItem(input: JSONValue): Promise<JSONValue> {
    const line = obj(input);
    return { sku: line.sku ?? null, qty: num(line.qty), subtotal: round(num(line.qty) * num(line.price)) };
  }

  /** CalculateTotal: sums what ProcessItem returned. */
  async calculateTotal(input: JSONValue): Promise<JSONValue> {
    const lines = Array.isArray(obj(input).processedItems) ? (obj(input).processedItems as JSONValue[]) : [];
    return { total: round(lines.reduce<number>((s, l) => s + num(obj(l).subtotal), 0)), lines: lines.length };
  }

  /**
   * WaitForHumanApproval: `{orderId, approver, taskToken}`. Would email the approver; records the links
   * instead (in the log and in its answer, which history shows as TaskSubmitted).
   */
  async sendApprovalRequest(input: JSONValue, ctx?: TaskContext): Promise<JSONValue> {
    const { orderId, approver, taskToken } = obj(input);
    if (typeof taskToken !== "string") return failure(ctx, "MissingTaskToken", "send-approval-request needs taskToken ($$.Task.Token)");
    // The runtime gives a task that carries a token the URLs that answer it.
    const links = ctx?.callbackUrls;
    if (!links) return failure(ctx, "MissingCallbackUrls", "send-approval-request must run as a .waitForTaskToken task");
    console.log(`approval for ${String(orderId)} -> ${String(approver)}: approve ${links.approve} | reject ${links.reject}`);
    return {
      sent: true,
      to: approver ?? null,
      subject: `Approval needed for order ${String(orderId)}`,
      approve: links.approve,
      reject: links.reject,
    };
  }

  /** The same methods over HTTP (`POST /<method>`), for callers that only speak fetch. */
  async fetch(request: Request): Promise<Response> {
    const method = new URL(request.url).pathname.slice(1);
    const fn = TASKS.has(method) ? (this as unknown as Record<string, Task>)[method] : undefined;
    if (request.method !== "POST" || !fn) {
      return Response.json({ errorType: "UnknownTask", errorMessage: `No task ${request.method} /${method}` }, { status: 404 });
    }
    try {
      const h = request.headers;
      const ctx: TaskContext = {
        idempotencyKey: h.get("Idempotency-Key") ?? "",
        executionArn: h.get("X-Execution-Arn") ?? "",
        stateName: decodeURIComponent(h.get("X-State-Name") ?? ""),
      };
      const result = await fn.call(this, (await request.json()) as JSONValue, ctx);
      // Over HTTP a failure is an error status with the same body.
      return Response.json(result, { status: isFailure(result) ? 500 : 200 });
    } catch (e) {
      const { name, message } = e as Error;
      return Response.json({ errorType: name, errorMessage: message }, { status: 500 });
    }
  }
}

type Task = (input: JSONValue, ctx?: TaskContext) => Promise<JSONValue>;

const TASKS = new Set(Object.getOwnPropertyNames(ExampleTasks.prototype).filter((n) => n !== "constructor" && n !== "fetch"));
