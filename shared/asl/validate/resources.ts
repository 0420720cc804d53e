/**
 * Which Task `Resource` ARNs AWS accepts: a Lambda function, an activity, or an integration AWS knows
 * (`arn:aws:states:::<service>:<action>[.sync|.sync:2|.waitForTaskToken]`) with the patterns it
 * supports. The string is split by the one resource parser (../resource.ts); any non-ARN string is
 * left to the host, which defines its own (Cloudflare-native) resource names.
 */
import type { StateMachineType } from "../types.ts";
import { parseResource, type Pattern as ParsedPattern, type Resource } from "../resource.ts";

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
    startBuild: SYNC,
    stopBuild: RR,
    batchDeleteBuilds: RR,
    batchGetReports: RR,
    startBuildBatch: SYNC,
    stopBuildBatch: RR,
    retryBuildBatch: SYNC,
    deleteBuildBatch: RR,
  },
  sagemaker: {
    createEndpoint: RR,
    createEndpointConfig: RR,
    createHyperParameterTuningJob: SYNC,
    createLabelingJob: SYNC,
    createModel: RR,
    createProcessingJob: SYNC,
    createTrainingJob: SYNC,
    createTransformJob: SYNC,
    updateEndpoint: RR,
  },
  elasticmapreduce: {
    createCluster: SYNC,
    terminateCluster: SYNC,
    addStep: SYNC,
    cancelStep: RR,
    setClusterTerminationProtection: RR,
    modifyInstanceFleetByName: RR,
    modifyInstanceGroupByName: RR,
  },
  "emr-containers": { createVirtualCluster: RR, deleteVirtualCluster: SYNC, startJobRun: SYNC },
  "emr-serverless": {
    createApplication: SYNC,
    startApplication: SYNC,
    stopApplication: SYNC,
    deleteApplication: SYNC,
    startJobRun: SYNC,
    cancelJobRun: SYNC,
  },
  eks: {
    createCluster: SYNC,
    deleteCluster: SYNC,
    createFargateProfile: SYNC,
    deleteFargateProfile: SYNC,
    createNodegroup: SYNC,
    deleteNodegroup: SYNC,
    runJob: SYNC_TOKEN,
    call: RR,
  },
};

const PARTITION = /^aws(-[a-z]+)*$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const ACCOUNT = /^\d{12}$/;
const FUNCTION = /^[A-Za-z0-9_-]{1,140}(:[A-Za-z0-9_$-]{1,128})?$/;
const ACTIVITY = /^[^\s:]{1,80}$/;
const SDK_SERVICE = /^[a-z0-9][a-z0-9.-]*$/;
const SDK_ACTION = /^[a-z][A-Za-z0-9]*$/;

const SUFFIX: Record<ParsedPattern, Pattern> = {
  "request-response": "",
  sync: ".sync",
  sync2: ".sync:2",
  waitForTaskToken: ".waitForTaskToken",
};

function notRecognized(resource: string): string {
  return (
    `The resource provided ${resource} is not recognized. ` +
    "The value is not a valid resource ARN, or the resource is not available in this region."
  );
}

/**
 * What AWS would object to in a Task's Resource, in AWS's words; undefined when it is acceptable. A
 * resource that is no ARN is left to the host, which has names of its own (worker:, kv:, URLs).
 */
export function resourceProblem(text: string, type: StateMachineType): string | undefined {
  if (!text.startsWith("arn:")) return undefined;
  const r = parseResource(text);
  if (r.kind === "unknown" || r.kind === "worker" || r.kind === "url" || r.kind === "binding" || !PARTITION.test(r.partition)) {
    return notRecognized(text);
  }
  switch (r.kind) {
    case "lambda":
      return REGION.test(r.region) && ACCOUNT.test(r.account) && FUNCTION.test(r.function) ? undefined : notRecognized(text);
    case "activity":
      if (!REGION.test(r.region) || !ACCOUNT.test(r.account) || !ACTIVITY.test(r.activity)) return notRecognized(text);
      return type === "EXPRESS" ? "Express state machine does not support Activity ARN" : undefined;
    case "aws":
      return integrationProblem(r, type);
  }
}

function integrationProblem(r: Extract<Resource, { kind: "aws" }>, type: StateMachineType): string | undefined {
  // Integration ARNs usually name no region or account (arn:aws:states:::<service>:<action>); templates and
  // exported machines may name both (arn:aws:states:us-east-1:123456789012:aws-sdk:s3:getObject), which AWS deploys.
  if ((r.region !== "" && !REGION.test(r.region)) || (r.account !== "" && !ACCOUNT.test(r.account))) return notRecognized(r.text);
  const suffix = SUFFIX[r.pattern];
  if (r.sdk) {
    if (!SDK_SERVICE.test(r.service) || !SDK_ACTION.test(r.action) || (suffix !== "" && suffix !== ".waitForTaskToken"))
      return notRecognized(r.text);
  } else {
    const actions = Object.hasOwn(INTEGRATIONS, r.service) ? INTEGRATIONS[r.service] : undefined;
    const patterns = actions && Object.hasOwn(actions, r.action) ? actions[r.action] : undefined;
    if (!patterns || !patterns.includes(suffix)) return notRecognized(r.text);
  }
  if (type === "EXPRESS") {
    if (suffix === ".sync" || suffix === ".sync:2") return "Express state machine does not support '.sync' service integration";
    // AWS's message has this trailing space; kept so the text matches.
    if (suffix === ".waitForTaskToken") return "Express state machine does not support '.waitForTaskToken' service integration ";
  }
  return undefined;
}
