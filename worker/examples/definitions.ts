/**
 * The examples of the Step Functions tutorial (shared/seed) as ready-to-run state machines: the
 * tutorial's state names and logic, AWS-shaped resources that LAMBDA_FUNCTIONS (wrangler.toml) maps
 * onto the example task worker. Plain data, no runtime imports: `npm run dev` seeds them from Node.
 * Where a tutorial fragment leaves a state out or would lose the order's data, the change is in Comment.
 */
import type { JSONObject } from "../../shared/asl/types.ts";

export interface Example {
  name: string;
  type: "STANDARD" | "EXPRESS";
  definition: JSONObject;
  /** An input that runs it to success. */
  input: JSONObject;
}

const lambda = (fn: string): string => `arn:aws:lambda:us-east-1:123456789012:function:${fn}`;
const notify = (next: string): JSONObject => ({
  Type: "Task",
  Resource: lambda("send-notification"),
  ResultPath: "$.notification",
  Next: next,
});

export const ORDER = {
  id: "order-123",
  items: [
    { sku: "BOOK-1", qty: 2, price: 12.5 },
    { sku: "PEN-7", qty: 3, price: 1.2 },
  ],
  total: 28.6,
};
export const CUSTOMER = { id: "C001", email: "ada@example.com" };

const orderProcessing: Example = {
  name: "order-processing",
  type: "STANDARD",
  input: { order: ORDER, customer: CUSTOMER, payment: { card: "4242-4242-4242-4242" } },
  definition: {
    Comment:
      "Order validation with Choice, then payment with Retry and Catch. ProcessPayment passes $$.State.RetryCount " +
      "so the example gateway can fail transiently, and keeps the order with ResultPath.",
    StartAt: "ValidateOrder",
    States: {
      ValidateOrder: {
        Type: "Task",
        Resource: lambda("validate-order"),
        InputPath: "$.order",
        ResultPath: "$.validation",
        OutputPath: "$",
        TimeoutSeconds: 30,
        Next: "CheckValidation",
      },
      CheckValidation: {
        Type: "Choice",
        Choices: [
          { Variable: "$.validation.isValid", BooleanEquals: true, Next: "ProcessPayment" },
          { Variable: "$.validation.errorCode", StringEquals: "INSUFFICIENT_STOCK", Next: "NotifyOutOfStock" },
        ],
        Default: "RejectOrder",
      },
      ProcessPayment: {
        Type: "Task",
        Resource: lambda("process-payment"),
        Parameters: { "order.$": "$.order", "payment.$": "$.payment", "attempt.$": "$$.State.RetryCount" },
        ResultPath: "$.charge",
        Retry: [
          {
            ErrorEquals: ["Lambda.ServiceException", "Lambda.TooManyRequestsException"],
            IntervalSeconds: 1,
            MaxAttempts: 3,
            BackoffRate: 2.0,
            MaxDelaySeconds: 30,
          },
          { ErrorEquals: ["States.Timeout"], IntervalSeconds: 5, MaxAttempts: 2, BackoffRate: 1.0 },
        ],
        Catch: [
          { ErrorEquals: ["PaymentDeclined"], ResultPath: "$.error", Next: "HandleDeclinedPayment" },
          { ErrorEquals: ["States.ALL"], ResultPath: "$.error", Next: "NotifyFailure" },
        ],
        Next: "ConfirmOrder",
      },
      ConfirmOrder: notify("OrderComplete"),
      NotifyOutOfStock: notify("OutOfStock"),
      HandleDeclinedPayment: notify("PaymentDeclined"),
      NotifyFailure: notify("OrderFailed"),
      RejectOrder: { Type: "Fail", Error: "OrderRejected", Cause: "The order did not pass validation" },
      OutOfStock: { Type: "Fail", Error: "OutOfStock", Cause: "An item of the order is out of stock" },
      PaymentDeclined: { Type: "Fail", Error: "PaymentDeclined", Cause: "Card was declined" },
      OrderFailed: { Type: "Fail", Cause: "Order processing failed", Error: "OrderError" },
      OrderComplete: { Type: "Succeed" },
    },
  },
};

const saga: Example = {
  name: "order-saga",
  type: "STANDARD",
  input: { order: ORDER, payment: { card: "4242-4242-4242-4242" }, shipping: { address: { country: "FR" } } },
  definition: {
    Comment:
      "Saga with compensation. The success paths keep the order with ResultPath (the tutorial's tasks would " +
      "replace it), so the compensating tasks still see it.",
    StartAt: "ReserveStock",
    States: {
      ReserveStock: {
        Type: "Task",
        Resource: lambda("reserve-stock"),
        ResultPath: "$.reservation",
        Catch: [{ ErrorEquals: ["States.ALL"], Next: "OrderFailed" }],
        Next: "ChargePayment",
      },
      ChargePayment: {
        Type: "Task",
        Resource: lambda("charge-payment"),
        ResultPath: "$.charge",
        Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: "$.error", Next: "CancelReservation" }],
        Next: "ShipOrder",
      },
      ShipOrder: {
        Type: "Task",
        Resource: lambda("ship-order"),
        ResultPath: "$.shipment",
        Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: "$.error", Next: "RefundPayment" }],
        Next: "OrderComplete",
      },
      CancelReservation: { Type: "Task", Resource: lambda("cancel-reservation"), ResultPath: "$.cancellation", Next: "OrderFailed" },
      RefundPayment: { Type: "Task", Resource: lambda("refund-payment"), ResultPath: "$.refund", Next: "CancelReservation" },
      OrderComplete: { Type: "Succeed" },
      OrderFailed: { Type: "Fail", Error: "OrderProcessingFailed", Cause: "Order could not be completed" },
    },
  },
};

const shipping: Example = {
  name: "order-shipping",
  type: "STANDARD",
  input: { order: { ...ORDER, shipDate: "2024-01-01T00:00:00Z" }, shipping: { address: { country: "FR" } } },
  definition: {
    Comment:
      "Wait until a timestamp ($.order.shipDate), then wait for seconds. The tutorial waits 3600 s for delivery; " +
      "10 s here so a local run finishes while you watch.",
    StartAt: "WaitUntilShipDate",
    States: {
      WaitUntilShipDate: { Type: "Wait", TimestampPath: "$.order.shipDate", Next: "StartShipping" },
      StartShipping: { Type: "Task", Resource: lambda("ship-order"), ResultPath: "$.shipment", Next: "WaitForDelivery" },
      WaitForDelivery: { Type: "Wait", Seconds: 10, Next: "CheckDeliveryStatus" },
      CheckDeliveryStatus: { Type: "Task", Resource: lambda("check-delivery-status"), ResultPath: "$.delivery", End: true },
    },
  },
};

const branch = (name: string, fn: string): JSONObject => ({
  StartAt: name,
  States: { [name]: { Type: "Task", Resource: lambda(fn), End: true } },
});

const parallel: Example = {
  name: "order-fulfillment",
  type: "STANDARD",
  input: { order: ORDER, customer: CUSTOMER },
  definition: {
    Comment: "Parallel: email the customer and update the inventory at once, then finalize.",
    StartAt: "ProcessInParallel",
    States: {
      ProcessInParallel: {
        Type: "Parallel",
        Branches: [branch("SendEmail", "send-email"), branch("UpdateInventory", "update-inventory")],
        Next: "FinalizeOrder",
      },
      FinalizeOrder: { Type: "Pass", Parameters: { "email.$": "$[0]", "inventory.$": "$[1]" }, End: true },
    },
  },
};

const lineItems: Example = {
  name: "order-line-items",
  type: "STANDARD",
  input: { order: ORDER },
  definition: {
    Comment: "Map: process each line item (at most 10 at a time), then total them.",
    StartAt: "ProcessLineItems",
    States: {
      ProcessLineItems: {
        Type: "Map",
        InputPath: "$.order.items",
        ItemsPath: "$",
        MaxConcurrency: 10,
        Iterator: { StartAt: "ProcessItem", States: { ProcessItem: { Type: "Task", Resource: lambda("process-item"), End: true } } },
        ResultPath: "$.processedItems",
        Next: "CalculateTotal",
      },
      CalculateTotal: { Type: "Task", Resource: lambda("calculate-total"), ResultPath: "$.summary", End: true },
    },
  },
};

const fanOut: Example = {
  name: "process-all-orders",
  type: "STANDARD",
  input: {
    orders: [ORDER, { ...ORDER, id: "order-124" }, { id: "order-125", items: [{ sku: "OUT-OF-STOCK", qty: 1, price: 3 }], total: 3 }],
  },
  definition: {
    Comment:
      "Fan-out/fan-in in one execution: an INLINE Map whose ProcessOrder calls its function through " +
      "arn:aws:states:::lambda:invoke (the tutorial's InvokeLambda form). fan-out-orders is the tutorial's DISTRIBUTED form.",
    StartAt: "ProcessAllOrders",
    States: {
      ProcessAllOrders: {
        Type: "Map",
        InputPath: "$.orders",
        MaxConcurrency: 50,
        ItemProcessor: {
          ProcessorConfig: { Mode: "INLINE" },
          StartAt: "ProcessOrder",
          States: {
            ProcessOrder: {
              Type: "Task",
              Resource: "arn:aws:states:::lambda:invoke",
              Parameters: { FunctionName: "process-order", "Payload.$": "$" },
              OutputPath: "$.Payload",
              End: true,
            },
          },
        },
        ResultPath: "$.processedOrders",
        Next: "AggregateResults",
      },
      AggregateResults: {
        Type: "Pass",
        Parameters: { "count.$": "States.ArrayLength($.processedOrders)", "orders.$": "$.processedOrders" },
        End: true,
      },
    },
  },
};

/** The tutorial's Fan-Out/Fan-In state as written: a Distributed Map whose orders run as EXPRESS child executions. */
const distributedFanOut: Example = {
  name: "fan-out-orders",
  type: "STANDARD",
  input: fanOut.input,
  definition: {
    Comment:
      "The tutorial's fan-out, unchanged: a DISTRIBUTED Map starts a Map Run whose EXPRESS children each process one " +
      "order (at most 50 at a time), then the results are counted.",
    StartAt: "ProcessAllOrders",
    States: {
      ProcessAllOrders: {
        Type: "Map",
        InputPath: "$.orders",
        MaxConcurrency: 50,
        ItemProcessor: {
          ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: "EXPRESS" },
          StartAt: "ProcessOrder",
          States: { ProcessOrder: { Type: "Task", Resource: lambda("process-order"), End: true } },
        },
        ResultPath: "$.processedOrders",
        Next: "AggregateResults",
      },
      AggregateResults: {
        Type: "Pass",
        Parameters: { "count.$": "States.ArrayLength($.processedOrders)", "orders.$": "$.processedOrders" },
        End: true,
      },
    },
  },
};

const approval: Example = {
  name: "order-approval",
  type: "STANDARD",
  input: { orderId: "order-123", order: ORDER },
  definition: {
    Comment:
      "Human approval (wait for a task token). send-approval-request gets the token and records the approve and " +
      "reject links (instead of emailing them); a link answers the token with {approved: true|false}, which the " +
      "Choice reads. SendTaskFailure with error 'Rejected' (the tutorial's way) is caught too; no answer in a day: States.Timeout.",
    StartAt: "WaitForHumanApproval",
    States: {
      WaitForHumanApproval: {
        Type: "Task",
        Resource: "arn:aws:states:::lambda:invoke.waitForTaskToken",
        Parameters: {
          FunctionName: "send-approval-request",
          Payload: { "orderId.$": "$.orderId", approver: "manager@example.com", "taskToken.$": "$$.Task.Token" },
        },
        TimeoutSeconds: 86400,
        ResultPath: "$.approval",
        Catch: [{ ErrorEquals: ["Rejected"], ResultPath: "$.error", Next: "OrderRejected" }],
        Next: "CheckApproval",
      },
      CheckApproval: {
        Type: "Choice",
        Choices: [{ Variable: "$.approval.approved", BooleanEquals: true, Next: "ProcessApprovedOrder" }],
        Default: "OrderRejected",
      },
      ProcessApprovedOrder: { Type: "Pass", Parameters: { "orderId.$": "$.orderId", status: "APPROVED" }, End: true },
      OrderRejected: { Type: "Fail", Error: "OrderRejected", Cause: "The approver rejected the order" },
    },
  },
};

const directIntegrations: Example = {
  name: "direct-integrations",
  type: "STANDARD",
  input: { orderId: "order-123", order: ORDER },
  definition: {
    Comment:
      "Direct integrations without Lambda (the tutorial's states, unchanged): DynamoDB putItem on Orders (wrangler.toml " +
      "maps it to a D1 table keyed by order_id), SNS publish to order-notifications (its subscriber: the OUTBOX queue), " +
      "SQS sendMessage to orders (OUTBOX). StartAt and Done added: the fragment has neither; and ResultPath null on the " +
      "first two (as written each result replaces the input, so the next state's $.orderId is gone, on AWS too). Its InvokeLambda and " +
      "StartECSTask are not on the path (AddToQueue goes to Done) and are left out; ECS runs only on AWS itself.",
    StartAt: "PutItemInDynamoDB",
    States: {
      PutItemInDynamoDB: {
        Type: "Task",
        Resource: "arn:aws:states:::dynamodb:putItem",
        Parameters: {
          TableName: "Orders",
          Item: { order_id: { "S.$": "$.orderId" }, status: { S: "CREATED" }, created_at: { "S.$": "$$.State.EnteredTime" } },
        },
        ResultPath: null,
        Next: "SendNotification",
      },
      SendNotification: {
        Type: "Task",
        Resource: "arn:aws:states:::sns:publish",
        Parameters: {
          TopicArn: "arn:aws:sns:us-east-1:123456789012:order-notifications",
          "Message.$": "States.Format('Order {} created', $.orderId)",
        },
        ResultPath: null,
        Next: "AddToQueue",
      },
      AddToQueue: {
        Type: "Task",
        Resource: "arn:aws:states:::sqs:sendMessage",
        Parameters: {
          QueueUrl: "https://sqs.us-east-1.amazonaws.com/123456789012/orders",
          "MessageBody.$": "States.JsonToString($.order)",
        },
        Next: "Done",
      },
      Done: { Type: "Succeed" },
    },
  },
};

export const EXAMPLES: Example[] = [
  orderProcessing,
  saga,
  shipping,
  parallel,
  lineItems,
  fanOut,
  distributedFanOut,
  approval,
  directIntegrations,
];

/** Every example's ARN in the local account (what `npm run dev` seeds). */
export const exampleArn = (name: string): string => `arn:aws:states:us-east-1:123456789012:stateMachine:${name}`;
