/**
 * DynamoDB's errors as Step Functions names them. The optimized integration (`dynamodb:putItem`)
 * answers through the AWS SDK for Java v1: `DynamoDB.<Exception>`, an unmodeled error (a
 * ValidationException) as `DynamoDB.AmazonDynamoDBException`. The AWS SDK integration
 * (`aws-sdk:dynamodb:putItem`) names errors `<Service>.<Exception>` with the service in PascalCase:
 * `DynamoDb.<Exception>`, an unmodeled one as `DynamoDb.DynamoDbException` (SDK v2's base class).
 */
import type { TaskResult } from "../../execution/contract.ts";
import { v1Cause, v2Cause, type Style } from "../aws-shape.ts";

/** Error codes DynamoDB models as exceptions of their own; anything else is the SDK's base exception. */
const MODELED = new Set(["ConditionalCheckFailedException", "ResourceNotFoundException", "InternalServerErrorException"]);

export function ddbError(style: Style, code: string, message: string): TaskResult {
  const status = code === "InternalServerErrorException" ? 500 : 400;
  if (style === "sdk")
    return { error: `DynamoDb.${MODELED.has(code) ? code : "DynamoDbException"}`, cause: v2Cause(message, "DynamoDb", status) };
  const wire = code === "InternalServerErrorException" ? "InternalServerError" : code;
  return {
    error: `DynamoDB.${MODELED.has(code) ? code : "AmazonDynamoDBException"}`,
    cause: v1Cause(message, "AmazonDynamoDBv2", status, wire),
  };
}

export const validation = (style: Style, message: string): TaskResult => ddbError(style, "ValidationException", message);
