// The AWS query protocol without service models (worker/dispatch/aws-remote/query.ts): parameters flattened to
// form fields as AWS's query serializer does, XML answers read to the AWS SDK's JSON, and where the query
// services are called. The signed calls themselves are in test/e2e/real-aws.test.ts.
import { describe, expect, it } from "vitest";
import { QUERY_SERVICES, SERVICES } from "../../worker/dispatch/aws-remote/catalog.ts";
import { awsTarget } from "../../worker/dispatch/aws-remote/config.ts";
import { QUERY_LISTS, QUERY_MAPS, parseXml, queryForm, queryResult, xmlToJson } from "../../worker/dispatch/aws-remote/query.ts";
import { dispatcher } from "./dispatch-helpers.ts";

const CREDS = { AWS_ACCESS_KEY_ID: "AKIDUNITTEST", AWS_SECRET_ACCESS_KEY: "unit-secret-value" };

describe("queryForm: AWS's query serialization", () => {
  it("lists as .member.N, structs as .Field, maps as .entry.N.key/.value, scalars as text, nulls left out", () => {
    const form = queryForm(
      {
        Name: "t",
        Count: 3,
        Flag: false,
        Gone: null,
        Tags: [{ Key: "a", Value: "1" }],
        Attributes: { Policy: "{}", DisplayName: "D" },
        Message: { Body: { Text: { Data: "x" } } },
        Ids: [["p", "q"]],
      },
      QUERY_MAPS.sns,
    );
    expect(form).toEqual([
      ["Name", "t"],
      ["Count", "3"],
      ["Flag", "false"],
      ["Tags.member.1.Key", "a"],
      ["Tags.member.1.Value", "1"],
      ["Attributes.entry.1.key", "Policy"],
      ["Attributes.entry.1.value", "{}"],
      ["Attributes.entry.2.key", "DisplayName"],
      ["Attributes.entry.2.value", "D"],
      ["Message.Body.Text.Data", "x"],
      ["Ids.member.1.member.1", "p"],
      ["Ids.member.1.member.2", "q"],
    ]);
  });

  it("an empty list is sent as the empty string, as botocore and the Java SDK send it", () => {
    expect(queryForm({ Ids: [], Nested: { L: [] } })).toEqual([
      ["Ids", ""],
      ["Nested.L", ""],
    ]);
  });

  it("a map's entries name their key and value as the service says (SNS MessageAttributes: Name, Value)", () => {
    const form = queryForm({ MessageAttributes: { kind: { DataType: "String", StringValue: "o" } } }, QUERY_MAPS.sns);
    expect(form).toEqual([
      ["MessageAttributes.entry.1.Name", "kind"],
      ["MessageAttributes.entry.1.Value.DataType", "String"],
      ["MessageAttributes.entry.1.Value.StringValue", "o"],
    ]);
    // Without the service's map list, the same object is a struct.
    expect(queryForm({ MessageAttributes: { kind: "x" } })).toEqual([["MessageAttributes.kind", "x"]]);
  });
});

describe("XML answers as the AWS SDK's JSON", () => {
  it("the <Action>Result wrapper and ResponseMetadata are removed; lists, maps, structs, entities, CDATA", () => {
    const xml =
      `<?xml version="1.0"?>\n<ListThingsResponse xmlns="https://x.amazonaws.com/doc/2010-01-01/">` +
      `<ListThingsResult><Things><member><Id>a &amp; b</Id><Tags><entry><key>k</key><value>v</value></entry></Tags></member>` +
      `<member><Id><![CDATA[<c>]]></Id></member></Things><Owner><Name>n</Name></Owner><NextToken>t&#65;</NextToken></ListThingsResult>` +
      `<ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></ListThingsResponse>`;
    expect(queryResult(xml, "ListThings")).toEqual({
      Things: [{ Id: "a & b", Tags: { k: "v" } }, { Id: "<c>" }],
      Owner: { Name: "n" },
      NextToken: "tA",
    });
  });

  it("an action that returns nothing is {}; numbers and booleans stay text (no model says which they are)", () => {
    expect(
      queryResult(
        `<PutMetricDataResponse><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></PutMetricDataResponse>`,
        "PutMetricData",
      ),
    ).toEqual({});
    expect(queryResult(`<GResponse><GResult><Count>3</Count><On>true</On></GResult></GResponse>`, "G")).toEqual({ Count: "3", On: "true" });
  });

  it("a repeated element (a flattened list) is a list; an empty one is the empty string", () => {
    expect(xmlToJson(parseXml(`<r><item>1</item><item>2</item><e/></r>`).children[0])).toEqual({ item: ["1", "2"], e: "" });
  });

  it("malformed XML is refused by name", () => {
    expect(() => parseXml(`<a><b></a>`)).toThrow(/malformed XML: <\/a> closes <b>/);
    expect(() => parseXml(`<a><b/>`)).toThrow(/malformed XML: <a> is not closed/);
  });
});

describe("RDS's named list members", () => {
  it("an element whose children all bear one of the service's list member names is a list, even of one; the result wrapper is not", () => {
    const xml =
      "<DescribeDBInstancesResponse><DescribeDBInstancesResult><DBInstances><DBInstance><DBInstanceIdentifier>a</DBInstanceIdentifier>" +
      "</DBInstance></DBInstances></DescribeDBInstancesResult></DescribeDBInstancesResponse>";
    expect(queryResult(xml, "DescribeDBInstances", QUERY_LISTS.rds)).toEqual({ DBInstances: [{ DBInstanceIdentifier: "a" }] });
    expect(queryResult(xml, "DescribeDBInstances")).toEqual({ DBInstances: { DBInstance: { DBInstanceIdentifier: "a" } } });
    const created =
      "<CreateDBInstanceResponse><CreateDBInstanceResult><DBInstance><DBName>d</DBName></DBInstance></CreateDBInstanceResult></CreateDBInstanceResponse>";
    expect(queryResult(created, "CreateDBInstance", QUERY_LISTS.rds)).toEqual({ DBInstance: { DBName: "d" } });
  });
});

describe("the query services", () => {
  it("sns, sts, iam, cloudwatch (monitoring), ses (email, signed ses), cloudformation, rds, autoscaling, elbv2 speak the query protocol", () => {
    expect(QUERY_SERVICES).toEqual([
      "sns",
      "sts",
      "iam",
      "cloudwatch",
      "ses",
      "cloudformation",
      "rds",
      "autoscaling",
      "elasticloadbalancingv2",
    ]);
    expect(SERVICES.elasticloadbalancingv2).toMatchObject({
      host: "elasticloadbalancing",
      signing: "elasticloadbalancing",
      protocol: { query: "2015-12-01" },
    });
    expect(SERVICES.rds).toMatchObject({ protocol: { query: "2014-10-31" }, sdkErrors: "Rds" });
    expect(SERVICES.cloudwatch).toMatchObject({ host: "monitoring", signing: "monitoring", sdkErrors: "CloudWatch" });
    expect(SERVICES.ses).toMatchObject({ host: "email", signing: "ses", sdkErrors: "Ses" });
  });

  it("IAM is global: https://iam.amazonaws.com, signed for us-east-1 whatever AWS_REGION says", () => {
    const t = awsTarget({ ...CREDS, AWS_REGION: "eu-west-1" }, SERVICES.iam);
    expect(t).toMatchObject({ endpoint: "https://iam.amazonaws.com", region: "us-east-1" });
    expect(awsTarget({ ...CREDS, AWS_REGION: "eu-west-1" }, SERVICES.sts)).toMatchObject({
      endpoint: "https://sts.eu-west-1.amazonaws.com",
      region: "eu-west-1",
    });
  });

  it.each([
    "aws-sdk:sns:listTopics",
    "aws-sdk:sts:getCallerIdentity",
    "aws-sdk:iam:getUser",
    "aws-sdk:cloudwatch:putMetricData",
    "aws-sdk:ses:sendEmail",
  ])("%s: accepted with AWS credentials, refused without", (r) => {
    expect(dispatcher(CREDS).problem(`arn:aws:states:::${r}`)).toBeNull();
    expect(dispatcher({}).problem(`arn:aws:states:::${r}`)).toMatch(/or configure AWS credentials/);
  });
});
