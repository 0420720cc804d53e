/**
 * Task `Resource` shapes. AWS ARNs must be a Lambda function, an activity, or an integration AWS
 * knows (`arn:aws:states:::<service>:<action>[.sync|.sync:2|.waitForTaskToken]`); any other
 * non-empty string is left to the host, which defines its own (Cloudflare-native) resource names.
 */
import type { StateMachineType } from "../types.ts";

type Pattern = "" | ".sync" | ".sync:2" | ".waitForTaskToken";

const RR: Pattern[] = [""];
const SYNC: Pattern[] = ["", ".sync"];
const TOKEN: Pattern[] = ["", ".waitForTaskToken"];
const SYNC_TOKEN: Pattern[] = ["", ".sync", ".waitForTaskToken"];

/** AWS's optimized integrations: service -> action -> the patterns it supports. */
const INTEGRATIONS: Record<string, Record<string, Pattern[]>> = {
  lambda: { invoke: TOKEN },
  http: { invoke: RR },
  states: { startExecution: ["", ".sync", ".sync:2", ".waitForTaskToken"] },
  sns: { publish: TOKEN },
  sqs: { sendMessage: TOKEN },
  events: { putEvents: TOKEN },
  apigateway: { invoke: TOKEN },
  dynamodb: { getItem: RR, putItem: RR, updateItem: RR, deleteItem: RR },
  batch: { submitJob: SYNC_TOKEN },
  ecs: { runTask: SYNC_TOKEN },
  glue: { startJobRun: SYNC_TOKEN },
  databrew: { startJobRun: SYNC },
  mediaconvert: { createJob: SYNC },
  bedrock: { invokeModel: RR, createModelCustomizationJob: SYNC },
  athena: { startQueryExecution: SYNC, stopQueryExecution: RR, getQueryExecution: RR, getQueryResults: RR },
  codebuild: {
    startBuild: SYNC, stopBuild: RR, batchDeleteBuilds: RR, batchGetReports: RR,
    startBuildBatch: SYNC, stopBuildBatch: RR, retryBuildBatch: SYNC, deleteBuildBatch: RR,
  },
  sagemaker: {
    createEndpoint: RR, createEndpointConfig: RR, createHyperParameterTuningJob: SYNC, createLabelingJob: SYNC,
    createModel: RR, createProcessingJob: SYNC, createTrainingJob: SYNC, createTransformJob: SYNC, updateEndpoint: RR,
  },
  elasticmapreduce: {
    createCluster: SYNC, terminateCluster: SYNC, addStep: SYNC, cancelStep: RR,
    setClusterTerminationProtection: RR, modifyInstanceFleetByName: RR, modifyInstanceGroupByName: RR,
  },
  "emr-containers": { createVirtualCluster: RR, deleteVirtualCluster: SYNC, startJobRun: SYNC },
  "emr-serverless": {
    createApplication: SYNC, startApplication: SYNC, stopApplication: SYNC, deleteApplication: SYNC,
    startJobRun: SYNC, cancelJobRun: SYNC,
  },
  eks: {
    createCluster: SYNC, deleteCluster: SYNC, createFargateProfile: SYNC, deleteFargateProfile: SYNC,
    createNodegroup: SYNC, deleteNodegroup: SYNC, runJob: SYNC_TOKEN, call: RR,
  },
};

export type ResourceKind = "lambda" | "activity" | "integration" | "sdk" | "custom";

export interface ResourceCheck {
  kind?: ResourceKind;
  pattern?: Pattern;
  /** What is wrong, in AWS's words; undefined when the resource is acceptable. */
  problem?: string;
}

const PARTITION = /^aws(-[a-z]+)*$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const ACCOUNT = /^\d{12}$/;
const FUNCTION = /^function:[A-Za-z0-9_-]{1,140}(:[A-Za-z0-9_$-]{1,128})?$/;
const ACTIVITY = /^activity:[^\s:]{1,80}$/;
const SDK = /^aws-sdk:[a-z0-9][a-z0-9.-]*:[a-z][A-Za-z0-9]*$/;

function notRecognized(resource: string): string {
  return `The resource provided ${resource} is not recognized. The value is not a valid resource ARN, or the resource is not available in this region.`;
}

function splitPattern(s: string): [string, Pattern] {
  for (const p of [".sync:2", ".sync", ".waitForTaskToken"] as const) {
    if (s.endsWith(p)) return [s.slice(0, -p.length), p];
  }
  return [s, ""];
}

/** Classifies a resource string and says what AWS would object to. */
export function checkResource(resource: string, type: StateMachineType): ResourceCheck {
  if (!resource.startsWith("arn:")) return { kind: "custom" };
  const parts = resource.split(":");
  if (parts.length < 6 || !PARTITION.test(parts[1])) return { problem: notRecognized(resource) };
  const service = parts[2], region = parts[3], account = parts[4], rest = parts.slice(5).join(":");
  if (service === "lambda") {
    if (REGION.test(region) && ACCOUNT.test(account) && FUNCTION.test(rest)) return { kind: "lambda" };
    return { problem: notRecognized(resource) };
  }
  if (service !== "states") return { problem: notRecognized(resource) };
  if (region !== "" || account !== "") {
    if (!REGION.test(region) || !ACCOUNT.test(account) || !ACTIVITY.test(rest)) return { problem: notRecognized(resource) };
    if (type === "EXPRESS") return { kind: "activity", problem: "Express state machine does not support Activity ARN" };
    return { kind: "activity" };
  }
  const [integration, pattern] = splitPattern(rest);
  let kind: ResourceKind;
  if (integration.startsWith("aws-sdk:")) {
    if (!SDK.test(integration) || (pattern !== "" && pattern !== ".waitForTaskToken")) return { problem: notRecognized(resource) };
    kind = "sdk";
  } else {
    const colon = integration.indexOf(":");
    const actions = colon > 0 ? INTEGRATIONS[integration.slice(0, colon)] : undefined;
    const action = integration.slice(colon + 1);
    const patterns = actions && Object.prototype.hasOwnProperty.call(actions, action) ? actions[action] : undefined;
    if (!patterns || !patterns.includes(pattern)) return { problem: notRecognized(resource) };
    kind = "integration";
  }
  if (type === "EXPRESS") {
    if (pattern === ".sync" || pattern === ".sync:2") {
      return { kind, pattern, problem: "Express state machine does not support '.sync' service integration" };
    }
    if (pattern === ".waitForTaskToken") {
      // AWS's message has this trailing space; kept so the text matches.
      return { kind, pattern, problem: "Express state machine does not support '.waitForTaskToken' service integration " };
    }
  }
  return { kind, pattern };
}
