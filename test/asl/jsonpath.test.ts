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
