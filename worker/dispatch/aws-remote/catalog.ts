/**
 * The AWS services this runtime can call on AWS itself, by the name a Resource gives them
 * (`arn:aws:states:::aws-sdk:<name>:<action>`): how each speaks (AWS JSON 1.0/1.1 with its X-Amz-Target
 * prefix, the query protocol, Lambda's REST), its endpoint prefix and signing name, the SDK's service id
 * (for AWS_ENDPOINT_URL_<ID>) and the name Step Functions prefixes its errors with (`DynamoDb.<Code>`).
 */
export type Protocol = { json: "1.0" | "1.1"; target: string } | { query: string } | { ec2: string } | { rest: "lambda" | "json" | "s3" };

export interface AwsService {
  /** `https://<host>.<region>.amazonaws.com` */
  host: string;
  /** SigV4's service name. */
  signing: string;
  /** The AWS SDKs' service id in AWS_ENDPOINT_URL_<ID>, e.g. DYNAMODB, SECRETS_MANAGER. */
  envId: string;
  /** The aws-sdk integration's error prefix (the AWS SDK for Java 2.x's client name). */
  sdkErrors: string;
  protocol: Protocol;
  /**
   * The API's members are camelCase (ECS, CloudWatch Logs, ...): Step Functions takes them PascalCase, as
   * every service's, and answers PascalCase; keys are recased on the way (a user map's keys too).
   */
  camel?: boolean;
  /** A global service (IAM): its one endpoint, signed for us-east-1 whatever AWS_REGION says. */
  global?: string;
}

const json = (version: "1.0" | "1.1", target: string, host: string, envId: string, sdkErrors: string, signing = host): AwsService => ({
  host,
  signing,
  envId,
  sdkErrors,
  protocol: { json: version, target },
});
const query = (version: string, host: string, envId: string, sdkErrors: string, signing = host): AwsService => ({
  host,
  signing,
  envId,
  sdkErrors,
  protocol: { query: version },
});
const rest = (host: string, signing: string, envId: string, sdkErrors: string): AwsService => ({
  host,
  signing,
  envId,
  sdkErrors,
  protocol: { rest: "json" },
});
const camel = (s: AwsService): AwsService => ({ ...s, camel: true });

export const SERVICES: Readonly<Record<string, AwsService>> = {
  dynamodb: json("1.0", "DynamoDB_20120810", "dynamodb", "DYNAMODB", "DynamoDb"),
  sqs: json("1.0", "AmazonSQS", "sqs", "SQS", "Sqs"),
  sfn: camel(json("1.0", "AWSStepFunctions", "states", "SFN", "Sfn")),
  eventbridge: json("1.1", "AWSEvents", "events", "EVENTBRIDGE", "EventBridge"),
  ecs: camel(json("1.1", "AmazonEC2ContainerServiceV20141113", "ecs", "ECS", "Ecs")),
  ecr: camel(json("1.1", "AmazonEC2ContainerRegistry_V20150921", "api.ecr", "ECR", "Ecr", "ecr")),
  secretsmanager: json("1.1", "secretsmanager", "secretsmanager", "SECRETS_MANAGER", "SecretsManager"),
  ssm: json("1.1", "AmazonSSM", "ssm", "SSM", "Ssm"),
  kms: json("1.1", "TrentService", "kms", "KMS", "Kms"),
  kinesis: json("1.1", "Kinesis_20131202", "kinesis", "KINESIS", "Kinesis"),
  firehose: json("1.1", "Firehose_20150804", "firehose", "FIREHOSE", "Firehose"),
  cloudwatchlogs: camel(json("1.1", "Logs_20140328", "logs", "CLOUDWATCH_LOGS", "CloudWatchLogs")),
  codebuild: camel(json("1.1", "CodeBuild_20161006", "codebuild", "CODEBUILD", "CodeBuild")),
  glue: json("1.1", "AWSGlue", "glue", "GLUE", "Glue"),
  athena: json("1.1", "AmazonAthena", "athena", "ATHENA", "Athena"),
  emr: json("1.1", "ElasticMapReduce", "elasticmapreduce", "EMR", "Emr"),
  sagemaker: json("1.1", "SageMaker", "api.sagemaker", "SAGEMAKER", "SageMaker", "sagemaker"),
  textract: json("1.1", "Textract", "textract", "TEXTRACT", "Textract"),
  comprehend: json("1.1", "Comprehend_20171127", "comprehend", "COMPREHEND", "Comprehend"),
  translate: json("1.1", "AWSShineFrontendService_20170701", "translate", "TRANSLATE", "Translate"),
  rekognition: json("1.1", "RekognitionService", "rekognition", "REKOGNITION", "Rekognition"),
  transcribe: json("1.1", "Transcribe", "transcribe", "TRANSCRIBE", "Transcribe"),
  cognitoidentityprovider: json(
    "1.1",
    "AWSCognitoIdentityProviderService",
    "cognito-idp",
    "COGNITO_IDENTITY_PROVIDER",
    "CognitoIdentityProvider",
  ),
  cloudtrail: json("1.1", "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101", "cloudtrail", "CLOUDTRAIL", "CloudTrail"),
  config: json("1.1", "StarlingDoveService", "config", "CONFIG_SERVICE", "Config"),
  organizations: {
    ...json("1.1", "AWSOrganizationsV20161128", "organizations", "ORGANIZATIONS", "Organizations"),
    global: "https://organizations.us-east-1.amazonaws.com",
  },
  redshiftdata: json("1.1", "RedshiftData", "redshift-data", "REDSHIFT_DATA", "RedshiftData"),
  // AWS Support: one endpoint for the partition, signed for us-east-1.
  support: { ...json("1.1", "AWSSupport_20130415", "support", "SUPPORT", "Support"), global: "https://support.us-east-1.amazonaws.com" },
  servicecatalog: json("1.1", "AWS242ServiceCatalogService", "servicecatalog", "SERVICE_CATALOG", "ServiceCatalog"),
  sns: query("2010-03-31", "sns", "SNS", "Sns"),
  sts: query("2011-06-15", "sts", "STS", "Sts"),
  iam: { ...query("2010-05-08", "iam", "IAM", "Iam"), global: "https://iam.amazonaws.com" },
  cloudwatch: query("2010-08-01", "monitoring", "CLOUDWATCH", "CloudWatch"),
  ses: query("2010-12-01", "email", "SES", "Ses", "ses"),
  cloudformation: query("2010-05-15", "cloudformation", "CLOUDFORMATION", "CloudFormation"),
  rds: query("2014-10-31", "rds", "RDS", "Rds"),
  autoscaling: query("2011-01-01", "autoscaling", "AUTO_SCALING", "AutoScaling"),
  elasticloadbalancingv2: query("2015-12-01", "elasticloadbalancing", "ELASTIC_LOAD_BALANCING_V2", "ElasticLoadBalancingV2"),
  // EC2's own query dialect (ec2.ts): lists as `Name.N`, answers without a Result wrapper.
  ec2: { host: "ec2", signing: "ec2", envId: "EC2", sdkErrors: "Ec2", protocol: { ec2: "2016-11-15" } },
  // S3's REST-XML API, path-style (s3.ts): the aws-sdk:s3 actions of S3_AWS_ACTIONS, for buckets S3_BUCKETS does not map.
  s3: { host: "s3", signing: "s3", envId: "S3", sdkErrors: "S3", protocol: { rest: "s3" } },
  lambda: { host: "lambda", signing: "lambda", envId: "LAMBDA", sdkErrors: "Lambda", protocol: { rest: "lambda" } },
  // REST-JSON services of optimized integrations only (rest.ts): not reachable as aws-sdk:<service>.
  batch: camel({ host: "batch", signing: "batch", envId: "BATCH", sdkErrors: "Batch", protocol: { rest: "json" } }),
  // apigateway:invoke (apigateway.ts): each API's own host, `<API ID>.execute-api.<region>.amazonaws.com`.
  executeapi: { host: "execute-api", signing: "execute-api", envId: "EXECUTE_API", sdkErrors: "ApiGateway", protocol: { rest: "json" } },
  // REST-JSON services of aws-sdk: for the operations rest-sdk.ts writes out (REST_SDK_OPS), and Lambda's above.
  polly: rest("polly", "polly", "POLLY", "Polly"),
  scheduler: rest("scheduler", "scheduler", "SCHEDULER", "Scheduler"),
  bedrock: camel(rest("bedrock", "bedrock", "BEDROCK", "Bedrock")),
  bedrockagent: camel(rest("bedrock-agent", "bedrock", "BEDROCK_AGENT", "BedrockAgent")),
  lookoutvision: rest("lookoutvision", "lookoutvision", "LOOKOUTVISION", "LookoutVision"),
  emrserverless: camel(rest("emr-serverless", "emr-serverless", "EMR_SERVERLESS", "EmrServerless")),
  bedrockruntime: {
    host: "bedrock-runtime",
    signing: "bedrock",
    envId: "BEDROCK_RUNTIME",
    sdkErrors: "BedrockRuntime",
    protocol: { rest: "json" },
  },
};

/** The services the generic `aws-sdk:<service>:<action>` reaches: those speaking AWS JSON. */
export const JSON_SERVICES = Object.keys(SERVICES).filter((s) => "json" in SERVICES[s].protocol);

/** The services the generic `aws-sdk:<service>:<action>` reaches in the query protocol (query.ts). */
export const QUERY_SERVICES = Object.keys(SERVICES).filter((s) => "query" in SERVICES[s].protocol);

/**
 * The optimized integrations called on AWS: the service, the prefix of their errors and the service
 * name of their causes (the AWS SDK for Java 1.x's, which these integrations word their errors in).
 */
export interface Optimized {
  service: string;
  errors: string;
  v1: string;
  /** `.sync` is offered (sync-pollers.ts polls the job to its end). */
  sync?: true;
  /** The answer without SdkHttpMetadata/SdkResponseMetadata. */
  plain?: true;
}

const DDB: Optimized = { service: "dynamodb", errors: "DynamoDB", v1: "AmazonDynamoDBv2" };
const SQS: Optimized = { service: "sqs", errors: "SQS", v1: "AmazonSQS" };
// Athena's request-response has no optimizations: AWS's answer as the aws-sdk integration gives it (no SdkHttpMetadata).
const ATHENA: Optimized = { service: "athena", errors: "Athena", v1: "AmazonAthena", plain: true };
const SAGEMAKER: Optimized = { service: "sagemaker", errors: "SageMaker", v1: "AmazonSageMaker" };
const CODEBUILD: Optimized = { service: "codebuild", errors: "CodeBuild", v1: "AWSCodeBuild" };

// EMR (emr.ts): the start call's answer reshaped as Step Functions documents it, no SdkHttpMetadata.
const EMR: Optimized = { service: "emr", errors: "EMR", v1: "AmazonElasticMapReduce", sync: true, plain: true };

export const OPTIMIZED: Readonly<Record<string, Optimized>> = {
  "aws:elasticmapreduce:createCluster": EMR,
  "aws:elasticmapreduce:addStep": EMR,
  "aws:elasticmapreduce:terminateCluster": EMR,
  "aws:dynamodb:getItem": DDB,
  "aws:dynamodb:putItem": DDB,
  "aws:dynamodb:updateItem": DDB,
  "aws:dynamodb:deleteItem": DDB,
  "aws:sqs:sendMessage": SQS,
  "aws:sqs:sendMessageBatch": SQS,
  "aws:sns:publish": { service: "sns", errors: "SNS", v1: "AmazonSNS" },
  "aws:events:putEvents": { service: "eventbridge", errors: "EventBridge", v1: "AmazonEventBridge" },
  "aws:ecs:runTask": { service: "ecs", errors: "ECS", v1: "AmazonECS", sync: true },
  "aws:athena:startQueryExecution": { ...ATHENA, sync: true },
  "aws:athena:getQueryExecution": ATHENA,
  "aws:athena:getQueryResults": ATHENA,
  "aws:athena:stopQueryExecution": ATHENA,
  "aws:glue:startJobRun": { service: "glue", errors: "Glue", v1: "AWSGlue", sync: true },
  "aws:codebuild:startBuild": { ...CODEBUILD, sync: true },
  "aws:codebuild:stopBuild": CODEBUILD,
  "aws:codebuild:batchDeleteBuilds": CODEBUILD,
  "aws:codebuild:batchGetReports": CODEBUILD,
  "aws:batch:submitJob": { service: "batch", errors: "Batch", v1: "AWSBatch", sync: true },
  "aws:sagemaker:createTrainingJob": { ...SAGEMAKER, sync: true },
  "aws:sagemaker:createTransformJob": { ...SAGEMAKER, sync: true },
  "aws:sagemaker:createProcessingJob": { ...SAGEMAKER, sync: true },
  "aws:sagemaker:createHyperParameterTuningJob": { ...SAGEMAKER, sync: true },
  "aws:sagemaker:createLabelingJob": { ...SAGEMAKER, sync: true },
  "aws:sagemaker:createModel": SAGEMAKER,
  "aws:sagemaker:createEndpoint": SAGEMAKER,
  "aws:sagemaker:createEndpointConfig": SAGEMAKER,
  "aws:sagemaker:updateEndpoint": SAGEMAKER,
  "aws:apigateway:invoke": { service: "executeapi", errors: "ApiGateway", v1: "AmazonApiGateway" },
  "aws:bedrock:invokeModel": { service: "bedrockruntime", errors: "Bedrock", v1: "AmazonBedrockRuntime" },
};

/** `putItem` -> `PutItem`: ASL names actions in camelCase, AWS's APIs in PascalCase. */
export const apiAction = (action: string): string => action.charAt(0).toUpperCase() + action.slice(1);

/**
 * Keys recased, deeply: `lowerFirst` for a camelCase API's request, `upperFirst` for its answer. The
 * members named in `maps` (camelCase: `parameters`, `tags`) are maps: their own keys are the user's, kept.
 */
export function recase(v: unknown, upper: boolean, maps?: ReadonlySet<string>): unknown {
  if (Array.isArray(v)) return v.map((x) => recase(x, upper, maps));
  if (typeof v !== "object" || v === null) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    const lower = k.charAt(0).toLowerCase() + k.slice(1);
    out[upper ? k.charAt(0).toUpperCase() + k.slice(1) : lower] = maps?.has(lower) ? x : recase(x, upper, maps);
  }
  return out;
}
