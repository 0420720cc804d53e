// locate: JSON pointers to lines and columns, and the first syntax error where it is.
import { describe, expect, it } from "vitest";
import { locate } from "../../../shared/json/locate.ts";

const DEF = `{
  "StartAt": "Charge",
  "States": {
    "Charge": {
      "Type": "Task",
      "Retry": [
        { "ErrorEquals": ["States.ALL"], "BackoffRate": 0.5 }
      ],
      "a/b~c": [1, -2.5e3, true, null]
    }
  }
}`;

describe("locate: where each value is", () => {
  const { pointers, error } = locate(DEF);
  it.each([
    ["", 1, 1],
    ["/StartAt", 2, 3],
    ["/States", 3, 3],
    ["/States/Charge", 4, 5],
    ["/States/Charge/Retry", 6, 7],
    ["/States/Charge/Retry/0", 7, 9],
    ["/States/Charge/Retry/0/ErrorEquals/0", 7, 27],
    ["/States/Charge/Retry/0/BackoffRate", 7, 42],
    ["/States/Charge/a~1b~0c", 9, 7],
    ["/States/Charge/a~1b~0c/1", 9, 20],
    ["/States/Charge/a~1b~0c/3", 9, 34],
  ])("%s at line %i, column %i (a member at its key, an item at its value)", (pointer, line, column) => {
    expect(error).toBeUndefined();
    expect(pointers.get(pointer)).toMatchObject({ line, column });
  });

  it("offsets index the text", () => {
    expect(DEF.slice(pointers.get("/States/Charge/Retry/0/BackoffRate")!.offset).startsWith('"BackoffRate"')).toBe(true);
    expect(pointers.size).toBe(15);
  });

  it("reads what JSON.parse reads: escapes, numbers, nesting, CRLF lines", () => {
    const text = '{"a\\n\\u00e9\\/":[[],{}],\r\n"b":"\\"x\\""}';
    const r = locate(text);
    expect(r.error).toBeUndefined();
    expect([...r.pointers.keys()]).toEqual(["", "/a\né~1", "/a\né~1/0", "/a\né~1/1", "/b"]);
    expect(r.pointers.get("/b")).toMatchObject({ line: 2, column: 1 });
  });
});

describe("locate: the first syntax error", () => {
  it.each([
    ['{\n  "a": 1,\n  }', "Trailing comma before '}' at line 3, column 3", 3, 3],
    ['{\n  "a": 1\n  "b": 2\n}', "Expected ',' or '}' at line 3, column 3", 3, 3],
    ['{"a": "open\n}', "Unterminated string at line 1, column 7", 1, 7],
    ['{"a": "open', "Unterminated string at line 1, column 7", 1, 7],
    ['{"a" 1}', "Expected ':' after a property name at line 1, column 6", 1, 6],
    ["{a: 1}", "Expected a property name in double quotes at line 1, column 2", 1, 2],
    ["[1, 2", "Unexpected end of input (',' or ']' expected) at line 1, column 6", 1, 6],
    ["[1,]", "Trailing comma before ']' at line 1, column 4", 1, 4],
    ['{"a": tru}', "Unexpected token t at line 1, column 7", 1, 7],
    ["{\n}\n}", "Unexpected text after the end of the document at line 3, column 1", 3, 1],
    ["", "Unexpected end of input at line 1, column 1", 1, 1],
    ["[01]", "Expected ',' or ']' at line 1, column 3", 1, 3],
    ["[1.]", "Invalid number (digits expected after '.') at line 1, column 4", 1, 4],
    ['["\\x"]', "Invalid escape \\x at line 1, column 4", 1, 4],
    ['["\\u12"]', "Invalid \\u escape (four hex digits expected) at line 1, column 3", 1, 3],
  ])("%j: %s", (text, message, line, column) => {
    expect(() => JSON.parse(text)).toThrow();
    const r = locate(text);
    expect(r.error).toMatchObject({ message, line, column });
  });

  it("keeps the pointers read before the error", () => {
    const r = locate('{"StartAt": "A", "States": {"A": }}');
    expect([...r.pointers.keys()]).toEqual(["", "/StartAt", "/States", "/States/A"]);
    expect(r.error!.message).toBe("Unexpected token } at line 1, column 34");
  });

  it("never throws, even nested past the call stack", () => {
    const deep = "[".repeat(200_000);
    expect(locate(deep).error).toBeDefined();
  });
});

describe("locate: linear time", () => {
  it("a 1 MB definition in well under a second, every value found", () => {
    const states: Record<string, unknown> = {};
    for (let i = 0; i < 5000; i++)
      states[`State ${i}`] = {
        Type: "Task",
        Resource: "worker:TASKS/x",
        Retry: [{ ErrorEquals: ["States.ALL"], BackoffRate: 2 }],
        Next: `State ${i + 1}`,
      };
    const text = JSON.stringify({ StartAt: "State 0", States: states }, null, 2);
    expect(text.length).toBeGreaterThan(1_000_000);
    const t = performance.now();
    const r = locate(text);
    const ms = performance.now() - t;
    expect(r.error).toBeUndefined();
    expect(r.pointers.get("/States/State 4999/Retry/0/BackoffRate")!.line).toBe(
      text.slice(0, text.lastIndexOf('"BackoffRate"')).split("\n").length,
    );
    expect(ms).toBeLessThan(1000);
    // Twice the text, about twice the time (not four times): a generous bound against a quadratic slip.
    const double = JSON.stringify({ a: JSON.parse(text), b: JSON.parse(text) }, null, 2);
    const t2 = performance.now();
    locate(double);
    expect(performance.now() - t2).toBeLessThan(Math.max(4 * ms, 200));
  });
});
