// End to end through the REST API: the README's ledger (wrangler.toml's "ledger" = "d1:DATA:pk,sk"):
// a withdrawal guarded by a condition, caught as DynamoDB.ConditionalCheckFailedException, then a query.
import { beforeEach, describe, expect, it } from "vitest";
import { post } from "./api-client.ts";
import { output, resetClock, runToEnd, start } from "./e2e-helpers.ts";

beforeEach(resetClock);

const WITHDRAW = {
  Type: "Task",
  Resource: "arn:aws:states:::dynamodb:updateItem",
  Parameters: {
    TableName: "ledger",
    Key: { pk: { "S.$": "$.account" }, sk: { N: "0" } },
    UpdateExpression: "SET balance = balance - :amount ADD entries :one",
    ConditionExpression: "balance >= :amount",
    ExpressionAttributeValues: { ":one": { N: "1" }, ":amount": { "N.$": "$.amount" } },
    ReturnValues: "UPDATED_NEW",
  },
  ResultSelector: { "balance.$": "$.Attributes.balance.N" },
  ResultPath: "$.result",
  Catch: [{ ErrorEquals: ["DynamoDB.ConditionalCheckFailedException"], ResultPath: "$.error", Next: "Insufficient" }],
  Next: "Record",
};

const STATES = {
  Withdraw: WITHDRAW,
  Record: {
    Type: "Task",
    Resource: "arn:aws:states:::aws-sdk:dynamodb:putItem",
    Parameters: {
      TableName: "ledger",
      Item: { pk: { "S.$": "$.account" }, sk: { "N.$": "States.Format('{}', $.at)" }, amount: { "N.$": "$.amount" } },
    },
    ResultPath: null,
    Next: "History",
  },
  History: {
    Type: "Task",
    Resource: "arn:aws:states:::aws-sdk:dynamodb:query",
    Parameters: {
      TableName: "ledger",
      KeyConditionExpression: "pk = :a AND sk > :zero",
      ExpressionAttributeValues: { ":a": { "S.$": "$.account" }, ":zero": { N: "0" } },
      ScanIndexForward: false,
    },
    ResultSelector: { "at.$": "$.Items[*].sk.N", "count.$": "$.Count" },
    End: true,
  },
  Insufficient: { Type: "Pass", Parameters: { "refused.$": "$.error.Error" }, End: true },
};

describe("DynamoDB tables in D1 end to end", () => {
  it("a guarded withdrawal: the condition holds twice, then is caught; the query lists the withdrawals newest first", async () => {
    const r = await post("/state-machines", { name: "ledger", definition: { StartAt: "Withdraw", States: STATES } });
    expect(r.status).toBe(201);
    const seed = await post("/state-machines", {
      name: "ledger-open",
      definition: {
        StartAt: "Open",
        States: {
          Open: {
            Type: "Task",
            Resource: "arn:aws:states:::dynamodb:putItem",
            Parameters: { TableName: "ledger", Item: { pk: { S: "acct-1" }, sk: { N: "0" }, balance: { N: "100" } } },
            End: true,
          },
        },
      },
    });
    expect(seed.status).toBe(201);
    expect((await runToEnd(await start("ledger-open", {}))).execution.status).toBe("SUCCEEDED");
    const first = await runToEnd(await start("ledger", { account: "acct-1", amount: "60", at: 9 }));
    expect(output(first.execution)).toEqual({ at: ["9"], count: 1 });
    const second = await runToEnd(await start("ledger", { account: "acct-1", amount: "40", at: 10 }));
    expect(output(second.execution)).toEqual({ at: ["10", "9"], count: 2 });
    const third = await runToEnd(await start("ledger", { account: "acct-1", amount: "0.01", at: 11 }));
    expect(output(third.execution)).toEqual({ refused: "DynamoDB.ConditionalCheckFailedException" });
  });
});
