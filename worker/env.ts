import type { ActivityObject } from "./activities/object.ts";
import type { ExecutionObject } from "./execution/object.ts";
import type { MapRunObject } from "./maprun/object.ts";
import type { ExpressStart } from "./service/express-queue.ts";

/** The bindings declared in wrangler.toml; keep the two in step. */
export interface Env {
  DB: D1Database;
  EXECUTIONS: DurableObjectNamespace<ExecutionObject>;
  /** One queue per activity (CreateActivity), named by the activity's ARN. */
  ACTIVITIES: DurableObjectNamespace<ActivityObject>;
  /** One per Distributed Map run (its coordinator), named by the Map Run's ARN. */
  MAP_RUNS: DurableObjectNamespace<MapRunObject>;
  /** Bearer token for the management API (a secret). Unset: every management request is refused. */
  API_TOKEN: string;
  /** Region and account shown in ARNs (vars); default us-east-1 / 123456789012. */
  AWS_REGION?: string;
  AWS_ACCOUNT_ID?: string;
  /**
   * Lambda function name -> `worker:<BINDING>[/<method>]` or a URL (worker/dispatch/lambda-config.ts). Service
   * bindings a task calls (`worker:<BINDING>`) are yours, read by name; `npm run dev` adds the examples' TASKS.
   */
  LAMBDA_FUNCTIONS?: Record<string, string> | string;
  /** Service integrations (worker/dispatch/integrations/config.ts): a KV namespace, an R2 bucket, a queue, a D1 database. */
  STORE: KVNamespace;
  FILES: R2Bucket;
  OUTBOX: Queue;
  DATA: D1Database;
  /** AWS names -> bindings: queue name or URL, table name, bucket name, connection ARN or name (-> secret name). */
  SQS_QUEUES?: Record<string, string> | string;
  DYNAMODB_TABLES?: Record<string, string> | string;
  S3_BUCKETS?: Record<string, string> | string;
  HTTP_CONNECTIONS?: Record<string, string> | string;
  /**
   * sns:publish topics (worker/dispatch/integrations/sns-topics.ts): topic name or ARN -> subscribers (queue:<BINDING>,
   * worker:<BINDING>[/<method>], http(s) URLs); URL deliveries are signed with the secret SNS_SIGNING_SECRET.
   */
  SNS_TOPICS?: Record<string, unknown> | string;
  SNS_SIGNING_SECRET?: string;
  /** Signs task tokens (a secret). Unset: a key derived from API_TOKEN, fine for `npm run dev`; set it when deployed. */
  TASK_TOKEN_SECRET?: string;
  /** Where this worker is reached from outside, for task callback URLs (a var); default http://localhost:8787. */
  PUBLIC_URL?: string;
  /** Asynchronous Express starts (worker/express/queue.ts): produced by StartExecution, consumed by this worker. */
  EXPRESS_STARTS: Queue<ExpressStart>;
  /** The Express time limit in seconds (a var for tests and experiments; default and maximum 300, AWS's 5 minutes). */
  EXPRESS_LIMIT_SECONDS?: string | number;
  /**
   * Records of ended Express executions (worker/express/record-settings.ts; not in AWS): "off", "metadata" (the
   * default) or "data" (with input and output); kept EXPRESS_RECORD_DAYS days (7), at most EXPRESS_RECORD_MAX per machine.
   */
  EXPRESS_RECORDS?: string;
  EXPRESS_RECORD_DAYS?: string | number;
  EXPRESS_RECORD_MAX?: string | number;
  /**
   * The AWS protocol's access keys (a secret): JSON {"<access key id>": "<secret access key>"}; `npm run dev` uses
   * {"test":"test"}. Unset: every AWS request is refused.
   */
  AWS_ACCESS_KEYS?: Record<string, string> | string;
  /**
   * Real AWS (worker/dispatch/aws-remote): with both keys set (secrets), Task resources no binding table maps are
   * called on AWS itself in AWS_REGION, signed with SigV4; AWS_SESSION_TOKEN for temporary credentials.
   */
  AWS_ACCESS_KEY_ID?: string;
  AWS_SECRET_ACCESS_KEY?: string;
  AWS_SESSION_TOKEN?: string;
  /** The AWS SDKs' endpoint variables (vars): every service, or one (AWS_ENDPOINT_URL_DYNAMODB, ..._SNS, ...). */
  AWS_ENDPOINT_URL?: string;
}

type WorkerEnv = Env;

// Types `env` from "cloudflare:workers" and `ctx.exports` (what `wrangler types` would generate).
declare global {
  namespace Cloudflare {
    interface Env extends WorkerEnv {}
    interface GlobalProps {
      mainModule: typeof import("./index.ts");
      durableNamespaces: "ExecutionObject" | "ActivityObject" | "MapRunObject";
    }
  }
}
