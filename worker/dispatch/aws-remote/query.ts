/**
 * The AWS query protocol without the service models: parameters flattened to form fields as AWS's query
 * serializer does (`Foo.member.1`, `Attributes.entry.1.key`, `Struct.Field`), and XML answers read to JSON
 * in the AWS SDK's shape (lists under `member`, maps under `entry`/`key`/`value`, the `<Action>Result`
 * wrapper and ResponseMetadata removed). Without a model a JSON object cannot say whether it is a map or a
 * struct: the members that are maps are named per service in QUERY_MAPS, every other object is a struct.
 * Scalars in answers stay strings (the XML does not say which are numbers or booleans).
 */
import type { JSONObject, JSONValue } from "../../../shared/asl/types.ts";
import { decodeXml } from "./call.ts";

/** A map member of a query API: its name, and the names its entries give the key and the value. */
export type QueryMaps = Readonly<Record<string, readonly [key: string, value: string]>>;

/** The members that are maps (everything else shaped as an object is a struct), by service. */
export const QUERY_MAPS: Readonly<Record<string, QueryMaps>> = {
  sns: { Attributes: ["key", "value"], MessageAttributes: ["Name", "Value"] },
  sts: {},
  iam: {},
  cloudwatch: {},
  ses: {},
  cloudformation: {},
  rds: {},
  autoscaling: {},
  elasticloadbalancingv2: {},
};

/**
 * Lists whose members are not `member`s but named (RDS: `<DBInstances><DBInstance>...`), by service: an
 * element whose children all bear one of these names is a list, even of one.
 */
export const QUERY_LISTS: Readonly<Record<string, ReadonlySet<string>>> = {
  rds: new Set([
    ...["DBInstance", "DBCluster", "DBSnapshot", "DBClusterSnapshot", "DBSubnetGroup", "DBParameterGroup", "DBClusterParameterGroup"],
    ...["DBEngineVersion", "DBInstanceAutomatedBackup", "DBProxy", "EventSubscription", "Event", "OptionGroup", "Parameter"],
    ...["VpcSecurityGroupMembership", "DBSecurityGroupMembership", "DBParameterGroupStatus", "OptionGroupMembership"],
    ...["DBClusterMember", "DBClusterOptionGroup", "DBInstanceStatusInfo", "DBClusterRole", "DBInstanceRole", "ProcessorFeature"],
    ...["Subnet", "AvailabilityZone", "Tag", "Timezone", "CharacterSet", "UpgradeTarget", "OrderableDBInstanceOption"],
  ]),
};

const scalar = (v: JSONValue): string => (typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : "");

/** The form fields of a query request's parameters (Action and Version are the caller's). */
export function queryForm(params: JSONObject, maps: QueryMaps = {}): [string, string][] {
  const out: [string, string][] = [];
  const walk = (prefix: string, v: JSONValue, mapOf?: readonly [string, string]): void => {
    if (v === null) return;
    if (Array.isArray(v)) {
      // An empty list is sent as the empty string, as AWS's query serializers send it.
      if (v.length === 0) out.push([prefix, ""]);
      v.forEach((x, i) => walk(`${prefix}.member.${i + 1}`, x));
    } else if (typeof v === "object") {
      let n = 0;
      for (const [k, x] of Object.entries(v)) {
        if (mapOf) {
          n++;
          out.push([`${prefix}.entry.${n}.${mapOf[0]}`, k]);
          walk(`${prefix}.entry.${n}.${mapOf[1]}`, x);
        } else walk(prefix === "" ? k : `${prefix}.${k}`, x, prefix === "" ? maps[k] : undefined);
      }
    } else out.push([prefix, scalar(v)]);
  };
  walk("", params);
  return out;
}

const NONE: ReadonlySet<string> = new Set();

/** An XML element: its name (without namespace prefix), its child elements, its text. */
export interface XmlNode {
  name: string;
  children: XmlNode[];
  text: string;
}

/** A small XML reader for AWS's answers: elements, text, entities and CDATA; attributes and comments skipped. */
export function parseXml(xml: string): XmlNode {
  const root: XmlNode = { name: "", children: [], text: "" };
  const stack: XmlNode[] = [root];
  const re = /<!\[CDATA\[([\s\S]*?)\]\]>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!DOCTYPE[^>]*>|<(\/?)([A-Za-z_][\w.:-]*)[^>]*?(\/?)>|([^<]+)/g;
  for (let m = re.exec(xml); m !== null; m = re.exec(xml)) {
    const top = stack[stack.length - 1];
    if (m[1] !== undefined) top.text += m[1];
    else if (m[5] !== undefined) top.text += decodeXml(m[5]);
    else if (m[3] !== undefined) {
      const name = m[3].split(":").pop() as string;
      if (m[2] === "/") {
        if (top.name !== name || stack.length === 1) throw new Error(`malformed XML: </${name}> closes <${top.name}>`);
        stack.pop();
      } else {
        const node: XmlNode = { name, children: [], text: "" };
        top.children.push(node);
        if (m[4] !== "/") stack.push(node);
      }
    }
  }
  if (stack.length !== 1) throw new Error(`malformed XML: <${stack[stack.length - 1].name}> is not closed`);
  return root;
}

/**
 * An element as the AWS SDK gives it: text when it has no child elements, a list when its children are
 * `member`s, a map when they are `entry`s of a key and a value, else a struct (a name repeated: a list).
 */
export function xmlToJson(node: XmlNode, lists: ReadonlySet<string> = NONE, root = true): JSONValue {
  const kids = node.children;
  const read = (c: XmlNode) => xmlToJson(c, lists, false);
  if (kids.length === 0) return node.text;
  if (kids.every((c) => c.name === "member")) return kids.map(read);
  if (!root && lists.has(kids[0].name) && kids.every((c) => c.name === kids[0].name)) return kids.map(read);
  if (kids.every((c) => c.name === "entry" && c.children.length === 2)) {
    const map: JSONObject = {};
    for (const e of kids) map[e.children[0].text] = read(e.children[1]);
    return map;
  }
  const out: JSONObject = {};
  for (const c of kids) {
    const v = read(c);
    const repeated = kids.filter((k) => k.name === c.name).length > 1;
    out[c.name] = repeated ? [...((out[c.name] as JSONValue[] | undefined) ?? []), v] : v;
  }
  return out;
}

/** A query answer's result: `<ActionResponse><ActionResult>...` read to JSON; `{}` when the action returns nothing. */
export function queryResult(xml: string, action: string, lists?: ReadonlySet<string>): JSONObject {
  const doc = parseXml(xml);
  const response = doc.children.find((c) => c.name === `${action}Response`) ?? doc.children[0];
  if (!response) throw new Error("not an AWS query answer: no element");
  const result = response.children.find((c) => c.name === `${action}Result`);
  if (!result) return {};
  const v = xmlToJson(result, lists);
  return typeof v === "object" && v !== null && !Array.isArray(v) ? v : {};
}
