/**
 * SNS Publish on AWS, in the query protocol SNS speaks: the parameters form-encoded
 * (`Action=Publish&Version=2010-03-31&TopicArn=...`, message attributes as `MessageAttributes.entry.N.*`),
 * the XML answer's MessageId (and SequenceNumber, for FIFO topics) as the result.
 */
import type { JSONObject, JSONValue } from "../../../shared/asl/types.ts";
import { SERVICES } from "./catalog.ts";
import { isFault, isObject, queryCall, xmlText, type AwsFault, type AwsReply } from "./call.ts";
import { awsTarget } from "./config.ts";

const SCALARS = ["TopicArn", "TargetArn", "PhoneNumber", "Subject", "MessageStructure", "MessageGroupId", "MessageDeduplicationId"];

/** Publish's form fields: a Message that is not a string goes as its JSON text, as Step Functions sends it. */
export function publishForm(p: JSONObject): [string, string][] {
  const form: [string, string][] = [];
  for (const k of SCALARS) if (typeof p[k] === "string") form.push([k, p[k] as string]);
  if (p.Message !== undefined) form.push(["Message", typeof p.Message === "string" ? p.Message : JSON.stringify(p.Message)]);
  if (isObject(p.MessageAttributes)) {
    let n = 0;
    for (const [name, value] of Object.entries(p.MessageAttributes)) {
      n++;
      form.push([`MessageAttributes.entry.${n}.Name`, name]);
      const v: JSONValue = isObject(value) ? value : {};
      for (const field of ["DataType", "StringValue", "BinaryValue"]) {
        const x = v[field];
        if (typeof x === "string") form.push([`MessageAttributes.entry.${n}.Value.${field}`, x]);
      }
    }
  }
  return form;
}

export async function publish(
  env: object,
  params: JSONObject,
  signal?: AbortSignal,
): Promise<{ body: JSONObject; reply: AwsReply } | AwsFault> {
  const s = SERVICES.sns;
  const target = awsTarget(env, s);
  if ("problem" in target) return { fault: true, code: "SdkClientException", message: target.problem, status: 0, requestId: "" };
  const r = await queryCall(target, "2010-03-31", "Publish", publishForm(params), signal);
  if (isFault(r)) return r;
  const body: JSONObject = {};
  const id = xmlText(r.xml, "MessageId");
  if (id === undefined)
    return {
      fault: true,
      code: "SdkClientException",
      message: "Unable to unmarshall response: no MessageId",
      status: r.reply.status,
      requestId: r.reply.requestId,
    };
  body.MessageId = id;
  const seq = xmlText(r.xml, "SequenceNumber");
  if (seq !== undefined) body.SequenceNumber = seq;
  const requestId = xmlText(r.xml, "RequestId");
  return { body, reply: requestId ? { ...r.reply, requestId } : r.reply };
}
