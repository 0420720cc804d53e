// DynamoDB attribute values (worker/dispatch/dynamodb/values.ts): exact numbers, checks, and key codes
// whose byte order is DynamoDB's order (D1 sorts a query's sort keys by them).
import { describe, expect, it } from "vitest";
import { avProblem, compare, decToString, itemProblem, keyCode, parseNumber, type AV } from "../../../worker/dispatch/dynamodb/values.ts";

const bytes = (s: string) => new TextEncoder().encode(s);
const byteOrder = (a: string, b: string): number => {
  const [x, y] = [bytes(a), bytes(b)];
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
};

describe("numbers", () => {
  it.each([
    ["1.50", "1.5"],
    ["-0.000", "0"],
    ["1E3", "1000"],
    ["+12.5e-3", "0.0125"],
    ["007", "7"],
  ])("%s is %s", (text, canonical) => expect(decToString(parseNumber(text) as never)).toBe(canonical));

  it.each([
    ["abc", "The parameter cannot be converted to a numeric value: abc"],
    ["1.2.3", "The parameter cannot be converted to a numeric value: 1.2.3"],
    ["1".repeat(39), "Attempting to store more than 38 significant digits in a Number"],
    ["1E126", "Number overflow"],
    ["1E-131", "Number underflow"],
  ])("%s is refused", (text, message) => expect(parseNumber(text)).toContain(message));
  it("AWS's extremes are accepted", () => {
    expect(typeof parseNumber("9.9999999999999999999999999999999999999E+125")).toBe("object");
    expect(typeof parseNumber("-1E-130")).toBe("object");
  });
});

describe("key codes sort as DynamoDB sorts", () => {
  it("numbers: by value, negatives, zero, fractions and exponents included", () => {
    const values = [
      "-1E125",
      "-1000",
      "-10",
      "-9.5",
      "-9",
      "-1.55",
      "-1.5",
      "-0.001",
      "0",
      "1E-130",
      "0.001",
      "1",
      "1.5",
      "1.55",
      "9",
      "10",
      "10.01",
      "1000",
      "9.9E125",
    ];
    const shuffled = [...values].reverse();
    const sorted = shuffled.sort((a, b) => byteOrder(keyCode({ N: a }), keyCode({ N: b })));
    expect(sorted).toEqual(values);
    expect(keyCode({ N: "1.0" })).toBe(keyCode({ N: "1" }));
  });
  it("strings by UTF-8 bytes; binaries by bytes", () => {
    const strings = ["", "A", "B", "a", "ab", "b", "\uFFFD", "\u{1F600}"];
    const sorted = [...strings].reverse().sort((a, b) => byteOrder(keyCode({ S: a }), keyCode({ S: b })));
    expect(sorted).toEqual(strings);
    const bins = [[0], [0, 0], [1], [127], [128], [255]].map((b) => btoa(String.fromCharCode(...b)));
    expect([...bins].reverse().sort((a, b) => byteOrder(keyCode({ B: a }), keyCode({ B: b })))).toEqual(bins);
    expect(compare({ B: bins[4] }, { B: bins[3] })).toBeGreaterThan(0);
  });
});

describe("attribute values", () => {
  it.each([
    [{ S: 1 }, "an S value is a string"],
    [{ X: "1" }, 'is not an attribute value such as {"S": "text"}'],
    [{ S: "a", N: "1" }, "is not an attribute value"],
    [{ NULL: false }, "Null attribute value types must have the value of true"],
    [{ SS: [] }, "An string set  may not be empty"],
    [{ NS: ["1", "1.0"] }, "contains duplicates"],
    [{ M: { a: { N: "x" } } }, "The parameter cannot be converted to a numeric value: x"],
    [{ B: "not base64!" }, "a B value is base64 text"],
  ])("%j is refused", (v, message) => expect(avProblem(v as AV, "a")).toContain(message));
  it("items over 400 KB are refused", () => {
    expect(itemProblem({ id: { S: "1" }, big: { S: "x".repeat(400 * 1024) } })).toBe("Item size has exceeded the maximum allowed size");
    expect(itemProblem({ id: { S: "1" }, l: { L: [{ M: { a: { NS: ["1", "2"] } } }] } })).toBeNull();
  });
});
