/**
 * EC2 for the fake AWS (fake-aws.ts): its own query dialect, answered in AWS's recorded shapes (the EC2
 * API Reference's examples): DescribeInstances (the instance `i-missing` does not exist), CreateTags,
 * CreateSnapshot; `<ActionResponse>` without a Result wrapper, lists of `<item>`, errors as
 * `<Response><Errors><Error>` with `<RequestID>`.
 */
import type { ServerResponse } from "node:http";

const NS = "http://ec2.amazonaws.com/doc/2016-11-15/";
const REQ = "8f7724cf-496f-496e-8fe3-example";

const instance = (id: string) =>
  `<item><instanceId>${id}</instanceId><imageId>ami-bff32ccc</imageId><instanceState><code>16</code><name>running</name></instanceState>` +
  `<privateDnsName>ip-192-168-1-88.eu-west-1.compute.internal</privateDnsName>` +
  `<dnsName>ec2-54-194-252-215.eu-west-1.compute.amazonaws.com</dnsName><reason/><keyName>my_keypair</keyName>` +
  `<amiLaunchIndex>0</amiLaunchIndex><productCodes/><instanceType>t2.micro</instanceType><launchTime>2018-05-08T16:46:19.000Z</launchTime>` +
  `<placement><availabilityZone>eu-west-1c</availabilityZone><groupName/><tenancy>default</tenancy></placement>` +
  `<monitoring><state>disabled</state></monitoring><subnetId>subnet-56f5f633</subnetId><vpcId>vpc-11112222</vpcId>` +
  `<privateIpAddress>192.168.1.88</privateIpAddress><ipAddress>54.194.252.215</ipAddress><sourceDestCheck>true</sourceDestCheck>` +
  `<groupSet><item><groupId>sg-e4076980</groupId><groupName>SecurityGroup1</groupName></item></groupSet>` +
  `<blockDeviceMapping><item><deviceName>/dev/xvda</deviceName><ebs><volumeId>vol-1234567890abcdef0</volumeId><status>attached</status>` +
  `<attachTime>2015-12-22T10:44:09.000Z</attachTime><deleteOnTermination>true</deleteOnTermination></ebs></item></blockDeviceMapping>` +
  `<tagSet><item><key>Name</key><value>Server_1</value></item></tagSet><ebsOptimized>false</ebsOptimized></item>`;

export function ec2Answer(res: ServerResponse, form: URLSearchParams): void {
  const action = form.get("Action") ?? "";
  const ok = (body: string) => {
    res.writeHead(200, { "Content-Type": "text/xml;charset=UTF-8" });
    res.end(
      `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="${NS}"><requestId>${REQ}</requestId>${body}</${action}Response>`,
    );
  };
  const error = (code: string, message: string) => {
    res.writeHead(400, { "Content-Type": "text/xml;charset=UTF-8" });
    res.end(
      `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors>` +
        `<RequestID>ea966190-f9aa-478e-9ede-example</RequestID></Response>`,
    );
  };
  if (form.get("Version") !== "2016-11-15") return error("InvalidParameterValue", `bad Version ${form.get("Version")}`);
  if (action === "DescribeInstances") {
    const id = form.get("InstanceId.1") ?? "i-1234567890abcdef0";
    if (id === "i-missing") return error("InvalidInstanceID.NotFound", `The instance ID '${id}' does not exist`);
    return ok(
      `<reservationSet><item><reservationId>r-1234567890abcdef0</reservationId><ownerId>123456789012</ownerId><groupSet/>` +
        `<instancesSet>${instance(id)}</instancesSet></item></reservationSet>`,
    );
  }
  if (action === "CreateTags") return ok("<return>true</return>");
  if (action === "CreateSnapshot") {
    return ok(
      `<snapshotId>snap-1234567890abcdef0</snapshotId><volumeId>${form.get("VolumeId")}</volumeId><status>pending</status>` +
        `<startTime>2016-01-01T00:00:00.000Z</startTime><progress>60%</progress><ownerId>123456789012</ownerId>` +
        `<volumeSize>30</volumeSize><description>${form.get("Description") ?? ""}</description><encrypted>false</encrypted>`,
    );
  }
  error("InvalidAction", `The action ${action} is not valid for this web service.`);
}
