// End to end with @aws-sdk/client-sfn: the tutorial's "Direct Service Integrations" example (DynamoDB putItem on
// Orders -> SNS publish -> SQS sendMessage) runs with only configuration (wrangler.toml: Orders in D1, the topic
// order-notifications and the queue orders on the OUTBOX queue), in workerd (runtime.ts) on 127.0.0.1.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { CreateStateMachineCommand, GetExecutionHistoryCommand, SFNClient, StartExecutionCommand } from "@aws-sdk/client-sfn";
import { EXAMPLES } from "../../worker/examples/definitions.ts";
import { ACCESS_KEY, finished as finishedOf, startRuntime, type Runtime } from "./runtime.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
const ROLE = "arn:aws:iam::123456789012:role/sfn";
let rt: Runtime;
let sfn: SFNClient;

const ended = (executionArn: string, ms = 15_000) => finishedOf(sfn, executionArn, ms);

before(async () => {
  rt = await startRuntime(root);
  sfn = new SFNClient({ endpoint: rt.endpoint, region: "us-east-1", credentials: ACCESS_KEY, maxAttempts: 1 });
});
after(async () => {
  sfn?.destroy();
  await rt?.dispose();
});

describe("the tutorial's direct service integrations through @aws-sdk/client-sfn", () => {
  it("puts the order in DynamoDB (D1), publishes to SNS (a queue subscriber) and sends it to SQS: SUCCEEDED", async () => {
    const example = EXAMPLES.find((e) => e.name === "direct-integrations")!;
    const { stateMachineArn } = await sfn.send(
      new CreateStateMachineCommand({ name: "tutorial-direct", roleArn: ROLE, definition: JSON.stringify(example.definition) }),
    );
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn, name: "o-1", input: JSON.stringify(example.input) }),
    );
    const d = await ended(executionArn!);
    assert.equal(d.status, "SUCCEEDED", `${d.error}: ${d.cause}`);
    const out = JSON.parse(d.output!);
    assert.match(out.MessageId, /^[0-9a-f-]{36}$/);
    const { events } = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    const done = events!.filter((e) => e.type === "TaskSucceeded").map((e) => e.taskSucceededEventDetails!);
    assert.deepEqual(
      done.map((t) => `${t.resourceType}:${t.resource}`),
      ["dynamodb:putItem", "sns:publish", "sqs:sendMessage"],
    );
    assert.match(JSON.parse(done[1].output!).MessageId, /^[0-9a-f-]{36}$/);

    // The order is in the Orders table: read back by another machine, through the same integration.
    const { stateMachineArn: reader } = await sfn.send(
      new CreateStateMachineCommand({
        name: "tutorial-read-order",
        roleArn: ROLE,
        definition: JSON.stringify({
          StartAt: "Get",
          States: {
            Get: {
              Type: "Task",
              Resource: "arn:aws:states:::dynamodb:getItem",
              Parameters: { TableName: "Orders", Key: { order_id: { S: "order-123" } } },
              OutputPath: "$.Item",
              End: true,
            },
          },
        }),
      }),
    );
    const read = await ended((await sfn.send(new StartExecutionCommand({ stateMachineArn: reader, name: "r-1" }))).executionArn!);
    assert.equal(read.status, "SUCCEEDED", `${read.error}: ${read.cause}`);
    const item = JSON.parse(read.output!);
    assert.deepEqual([item.order_id, item.status], [{ S: "order-123" }, { S: "CREATED" }]);
    assert.match(item.created_at.S, /^\d{4}-\d\d-\d\dT/);
  });
});
