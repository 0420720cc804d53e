/**
 * EC2's own query dialect for `aws-sdk:ec2:<action>` (Action=<Action>&Version=2016-11-15), without EC2's
 * service model: lists go flat as `<Name>.N` under the member's query name (singular: `InstanceIds` ->
 * `InstanceId.1`, `Filters` -> `Filter.1.Value.1`, the exceptions named in LIST_NAMES), structs as
 * `<Name>.<Field>`; the answer `<ActionResponse>` (no Result wrapper) is read to the SDK's shape: `item`
 * lists as arrays, `xxxSet` elements named as the SDK's members (`reservationSet` -> `Reservations`,
 * the differences the model makes named in RENAMES), `requestId` dropped, the common numeric and
 * boolean members typed. Every error is `Ec2.Ec2Exception` (the SDK models none), EC2's code in its cause.
 */
import type { JSONObject, JSONValue } from "../../../shared/asl/types.ts";
import type { TaskResult } from "../../execution/contract.ts";
import { apiAction, SERVICES } from "./catalog.ts";
import { causeV2, errorName, isFault, isObject, queryCall, xmlText, type AwsFault } from "./call.ts";
import { awsTarget, redact } from "./config.ts";
import { parseXml, type XmlNode } from "./query.ts";

export const EC2_VERSION = "2016-11-15";

/** List members whose query name is not their singular (EC2's model: `locationName`/`queryName`). */
const LIST_NAMES: Readonly<Record<string, string>> = {
  Resources: "ResourceId",
  OwnerIds: "Owner",
  Owners: "Owner",
  ExecutableUsers: "ExecutableBy",
  RestorableByUserIds: "RestorableBy",
  PrivateIpAddresses: "PrivateIpAddresses",
  ElasticGpuSpecification: "ElasticGpuSpecification",
  ElasticInferenceAccelerators: "ElasticInferenceAccelerator",
  Ipv6Addresses: "Ipv6Addresses",
};

const singular = (name: string): string =>
  LIST_NAMES[name] ??
  (name.endsWith("ies") ? `${name.slice(0, -3)}y` : /(ss|sh|ch|x)es$/.test(name) ? name.slice(0, -2) : name.replace(/s$/, ""));

/** The form fields of an EC2 request's parameters (Action and Version are the caller's). */
export function ec2Form(params: JSONObject): [string, string][] {
  const out: [string, string][] = [];
  const walk = (prefix: string, v: JSONValue): void => {
    if (v === null) return;
    if (Array.isArray(v)) v.forEach((x, i) => walk(`${prefix}.${i + 1}`, x));
    else if (typeof v === "object") {
      for (const [k, x] of Object.entries(v)) walk(`${prefix === "" ? "" : `${prefix}.`}${Array.isArray(x) ? singular(k) : k}`, x);
    } else out.push([prefix, String(v)]);
  };
  walk("", params);
  return out;
}

/** Elements the SDK names otherwise than `Xxx` (or `xxxSet` -> `Xxxs`), by `<parent member>/<element>` or element. */
const RENAMES: Readonly<Record<string, string>> = {
  "Instances/groupSet": "SecurityGroups",
  groupSet: "Groups",
  instanceState: "State",
  dnsName: "PublicDnsName",
  ipAddress: "PublicIpAddress",
  reason: "StateTransitionReason",
  blockDeviceMapping: "BlockDeviceMappings",
  "Volumes/status": "State",
  "Attachments/status": "State",
  "Snapshots/status": "State",
  "CreateSnapshot/status": "State",
  statusMessage: "StateMessage",
  "StartInstances/instancesSet": "StartingInstances",
  "StopInstances/instancesSet": "StoppingInstances",
  "TerminateInstances/instancesSet": "TerminatingInstances",
  ipv6AddressesSet: "Ipv6Addresses",
  privateIpAddressesSet: "PrivateIpAddresses",
  groups: "UserIdGroupPairs",
};

const NUMBERS = new Set(["Code", "Size", "Iops", "Throughput", "AmiLaunchIndex", "VolumeSize", "CoreCount", "ThreadsPerCore"]);
for (const n of ["DeviceIndex", "NetworkCardIndex", "HttpPutResponseHopLimit", "FromPort", "ToPort"]) NUMBERS.add(n);
const BOOLEANS = new Set(["DeleteOnTermination", "Encrypted", "EbsOptimized", "EnaSupport", "SourceDestCheck", "MultiAttachEnabled"]);
for (const b of ["FastRestored", "Primary", "IsDefault", "Configured", "Enabled", "Return"]) BOOLEANS.add(b);

const EMPTY_LISTS = new Set(["productCodes", "blockDeviceMapping"]);

/** Actions whose answer has no members in the SDK (`<return>true</return>` only). */
const NO_OUTPUT = new Set(["CreateTags", "DeleteTags", "DeleteSnapshot", "DeleteVolume", "DeleteKeyPair", "RebootInstances"]);

const upper = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

function memberName(parent: string, name: string): string {
  const renamed = RENAMES[`${parent}/${name}`] ?? RENAMES[name];
  if (renamed) return renamed;
  if (name.endsWith("Set") && name.length > 3) {
    const base = upper(name.slice(0, -3));
    return base.endsWith("s") ? base : `${base}s`;
  }
  return upper(name);
}

function toJson(node: XmlNode, member: string): JSONValue {
  // An empty xxxSet is an empty list (no <item>s), as are the few lists not named so.
  if (node.children.length === 0 && (node.name.endsWith("Set") || EMPTY_LISTS.has(node.name))) return [];
  if (node.children.length === 0) {
    if (NUMBERS.has(member) && /^-?\d+(\.\d+)?$/.test(node.text)) return Number(node.text);
    if (BOOLEANS.has(member) && (node.text === "true" || node.text === "false")) return node.text === "true";
    return node.text;
  }
  if (node.children.every((c) => c.name === "item")) return node.children.map((c) => toJson(c, member));
  const out: JSONObject = {};
  for (const c of node.children) {
    const name = memberName(member, c.name);
    out[name] = toJson(c, name);
  }
  return out;
}

/** An EC2 answer (`<ActionResponse>...`) as the SDK's response object. */
export function ec2Result(xml: string, action: string): JSONObject {
  const response = parseXml(xml).children[0];
  if (!response) throw new Error("not an EC2 answer: no element");
  if (NO_OUTPUT.has(action)) return {};
  const out: JSONObject = {};
  for (const c of response.children) {
    if (c.name === "requestId") continue;
    const name = memberName(action, c.name);
    out[name] = toJson(c, name);
  }
  return out;
}

/** `aws-sdk:ec2:<action>` on AWS. */
export async function runEc2(env: object, action: string, input: JSONValue, signal?: AbortSignal): Promise<TaskResult> {
  const fail = (f: AwsFault): TaskResult => ({
    error: f.code === "SdkClientException" ? errorName("Ec2", f.code) : "Ec2.Ec2Exception",
    cause: redact(env, causeV2(f, "Ec2")),
  });
  const target = awsTarget(env, SERVICES.ec2);
  if ("problem" in target) return fail({ fault: true, code: "SdkClientException", message: target.problem, status: 0, requestId: "" });
  const name = apiAction(action);
  const r = await queryCall(target, EC2_VERSION, name, ec2Form(isObject(input) ? input : {}), signal);
  if (isFault(r)) return fail(r);
  try {
    return { output: ec2Result(r.xml, name) };
  } catch (e) {
    const requestId = xmlText(r.xml, "requestId") ?? r.reply.requestId;
    const message = `Unable to unmarshall response: ${e instanceof Error ? e.message : String(e)}`;
    return fail({ fault: true, code: "SdkClientException", message, status: r.reply.status, requestId });
  }
}
