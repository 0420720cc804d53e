// Measurement aid, not part of the runtime: fills SAM/CDK/Terraform placeholders (`${Name}`) in a folder of
// sample definitions with plausible values guessed from each name (a Lambda ARN for `...FunctionArn`, a topic ARN
// for `...Topic`, a table name for `...Table`, ...), as a migrating user would with DefinitionSubstitutions, into
// a copy. Used to measure `npm run check-definitions -- <copy> --aws-credentials` over AWS's public sample
// collection (README "Migrating from AWS"):  node test/tools/fill-placeholders.mjs <from> <to>
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join, relative, dirname } from "node:path";
const [from, to] = process.argv.slice(2);
const R = "us-east-1", A = "123456789012";
function value(name) {
  const n = name.toLowerCase();
  // DefinitionSubstitutions naming an integration (SAM's policy templates name them "...Action", "DDB<Op>")
  const integration = { ddbupdateitem: "dynamodb:updateItem", ddbputitem: "dynamodb:putItem", ddbgetitem: "dynamodb:getItem",
    ddbdeleteitem: "dynamodb:deleteItem", snstopicpublishaction: "sns:publish", sqssendmessageaction: "sqs:sendMessage",
    lambdaactionaction: "lambda:invoke", ddbtransactwriteitems: "aws-sdk:dynamodb:transactWriteItems" }[n];
  if (integration) return `arn:aws:states:::${integration}`;
  if (/timeout|seconds|wait/.test(n)) return "60";
  const bare = name.replace(/[^A-Za-z0-9]/g, "") || "x";
  if (n.includes("partition")) return "aws";
  if (n.includes("region")) return R;
  if (n.includes("account")) return A;
  if (n.includes("url")) return `https://sqs.${R}.amazonaws.com/${A}/${bare}`;
  if (n.includes("endpoint")) return `abc123.execute-api.${R}.amazonaws.com`;
  if (/statemachine/.test(n)) return `arn:aws:states:${R}:${A}:stateMachine:${bare}`;
  if (/activity/.test(n)) return `arn:aws:states:${R}:${A}:activity:${bare}`;
  if (/fn|function|lambda|handler/.test(n)) return `arn:aws:lambda:${R}:${A}:function:${bare}`;
  if (/topic|sns/.test(n)) return `arn:aws:sns:${R}:${A}:${bare}`;
  if (/jobqueue/.test(n)) return `arn:aws:batch:${R}:${A}:job-queue/${bare}`;
  if (/jobdefinition/.test(n)) return `arn:aws:batch:${R}:${A}:job-definition/${bare}`;
  if (/role/.test(n)) return `arn:aws:iam::${A}:role/${bare}`;
  if (/queue|sqs/.test(n) && n.includes("arn")) return `arn:aws:sqs:${R}:${A}:${bare}`;
  if (n.endsWith("arn")) return `arn:aws:lambda:${R}:${A}:function:${bare}`;
  return bare;
}
function walk(d) {
  for (const f of readdirSync(d)) {
    const p = join(d, f);
    if (statSync(p).isDirectory()) walk(p);
    else {
      const out = join(to, relative(from, p));
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, readFileSync(p, "utf8").replace(/\$\{([A-Za-z0-9_.:-]+)\}/g, (_, name) => value(name)));
    }
  }
}
walk(from);
