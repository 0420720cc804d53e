import { describe, expect, it } from "vitest";
import type { JSONValue } from "../../shared/asl/index.ts";
import { compilePath, getDefinite, queryAll, setAtPath, PathSyntaxError, missingMessage } from "../../shared/asl/jsonpath/index.ts";

const doc: JSONValue = {
  store: {
    book: [
      { title: "A", price: 8, tags: ["x"] },
      { title: "B", price: 12 },
      { title: "C", price: 5, isbn: "123" },
    ],
    "a b": 1,
  },
  n: 0,
};

describe("JSONPath queries", () => {
  const cases: [string, unknown][] = [
    ["$", doc],
    ["$.n", 0],
    ["$.store.book[0].title", "A"],
    ["$.store.book[-1].title", "C"],
    ["$['store']['a b']", 1],
    ["$.store.book[*].title", ["A", "B", "C"]],
    ["$.store.book[0:2].title", ["A", "B"]],
    ["$.store.book[1:].price", [12, 5]],
    ["$.store.book[:1].price", [8]],
    ["$.store.book[0,2].title", ["A", "C"]],
    ["$.store.book[?(@.price < 10)].title", ["A", "C"]],
    ["$.store.book[?(@.isbn)].title", ["C"]],
    ["$.store.book[?(@.price > 6 && @.price < 10)].title", ["A"]],
    ["$.store.book[?(@.title == 'B' || @.title == 'C')].price", [12, 5]],
    ["$..price", [8, 12, 5]],
    ["$.store.book.length()", 3],
  ];
  it.each(cases)("%s", (src, expected) => {
    const p = compilePath(src);
    const v = p.definite ? getDefinite(p.segs, doc) : queryAll(p.segs, doc);
    expect(v).toEqual(expected);
  });

  // Jayway, AWS's JSONPath, reads `.[` as `[` and `$` inside a filter as the document's root.
  const jayway: [string, JSONValue, unknown][] = [
    ["$.[0]", [10, 20], 10],
    ["$.Snapshots.[0].State", { Snapshots: [{ State: "completed" }] }, "completed"],
    ["$.[?(@.OU > 0)]", [{ OU: 1 }, { OU: 0 }, { OU: 2 }], [{ OU: 1 }, { OU: 2 }]],
    ["$.[*].['bucket', 'key']", [{ bucket: "b1", key: "k1", x: 0 }, { bucket: "b2", key: "k2" }], ["b1", "k1", "b2", "k2"]],
    ["$..[0]", { a: [1, 2], b: { c: [3] } }, [1, 3]],
    [
      "$.approaches[?(@.workerId == $.agent_id)].approach",
      { agent_id: "w2", approaches: [{ workerId: "w1", approach: "a" }, { workerId: "w2", approach: "b" }] },
      ["b"],
    ],
    ["$.items[?($.on)].n", { on: true, items: [{ n: 1 }, { n: 2 }] }, [1, 2]],
    ["$.items[?($.off)].n", { on: true, items: [{ n: 1 }] }, []],
    ["$.items[?(@.n > $.min && $.max >= @.n)].n", { min: 1, max: 3, items: [{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }] }, [2, 3]],
  ];
  it.each(jayway)("as Jayway: %s", (src, input, expected) => {
    const p = compilePath(src);
    expect(p.definite ? getDefinite(p.segs, input) : queryAll(p.segs, input)).toEqual(expected);
  });

  it("refuses an unquoted word as a filter operand, as Jayway does (it reads a number there)", () => {
    expect(() => compilePath("$[?(@.TargetLanguageCode==es)]")).toThrow(PathSyntaxError);
    expect(() => compilePath("$[?(@.lang == fr)]")).toThrow(PathSyntaxError);
  });

  it("tells definite from indefinite paths", () => {
    expect(compilePath("$.a[0].b").definite).toBe(true);
    expect(compilePath("$.a[*]").definite).toBe(false);
    expect(compilePath("$..a").definite).toBe(false);
  });

  it("keeps a backslash inside a quoted name unless it escapes the quote", () => {
    const p = compilePath(`$['Test\\""Name"']`);
    expect(getDefinite(p.segs, { 'Test\\""Name"': 1 })).toBe(1);
    expect(getDefinite(compilePath(`$['it\\'s']`).segs, { "it's": 2 })).toBe(2);
  });

  it("names what is missing as Jayway does", () => {
    expect(missingMessage(compilePath("$.no.such").segs, {})).toBe("Missing property in path $['no']");
    expect(missingMessage(compilePath("$.a.b").segs, { a: {} })).toBe("No results for path: $['a']['b']");
  });

  it.each(["a.b", "$.", "$[", "$[?(@.a <)]", "$['x", "$[1:2:0]", "$.a b"])("rejects %s", (src) => {
    expect(() => compilePath(src)).toThrow(PathSyntaxError);
  });

  it("rejects absurdly long paths instead of working on them", () => {
    expect(() => compilePath("$" + ".a".repeat(5000))).toThrow(PathSyntaxError);
  });
});

describe("writing at a reference path", () => {
  it("creates missing objects and copies only what it changes", () => {
    const input = { a: { keep: [1] }, other: { x: 1 } };
    const out = setAtPath(compilePath("$.a.b.c").segs, input, 5) as any;
    expect(out).toEqual({ a: { keep: [1], b: { c: 5 } }, other: { x: 1 } });
    expect(input).toEqual({ a: { keep: [1] }, other: { x: 1 } });
    expect(out.other).toBe(input.other);
  });
  it("refuses to write through a value that cannot hold fields", () => {
    expect(setAtPath(compilePath("$.a.b").segs, { a: "str" }, 1)).toBeUndefined();
  });
});
