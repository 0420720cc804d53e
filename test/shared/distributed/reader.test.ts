import { describe, expect, it } from "vitest";
import { MemoryStore } from "../../../shared/asl/distributed/memory-store.ts";
import { openReader } from "../../../shared/asl/distributed/reader.ts";
import type { ReaderCursor, ReaderSpec } from "../../../shared/asl/distributed/types.ts";
import type { JSONValue } from "../../../shared/asl/types.ts";

const GET = "arn:aws:states:::s3:getObject";
const LIST = "arn:aws:states:::s3:listObjectsV2";

async function store(body: string, chunkSize = 64 * 1024): Promise<MemoryStore> {
  const s = new MemoryStore([], { chunkSize, now: () => 1_668_699_881_500 });
  await s.put("b", "k", body);
  return s;
}

/** All items, a page of `page` at a time, each page read by a NEW reader from the last cursor (a restart). */
async function readAll(s: MemoryStore, spec: ReaderSpec, page = 1000): Promise<JSONValue[]> {
  const out: JSONValue[] = [];
  let cursor: ReaderCursor | undefined;
  for (let i = 0; i < 10_000; i++) {
    const r = await openReader(s, spec, cursor).next(page);
    out.push(...r.items);
    cursor = r.cursor;
    if (r.done) return out;
  }
  throw new Error("never done");
}

function csv(body: string, extra: Partial<ReaderSpec> = {}): Promise<JSONValue[]> {
  return store(body).then((s) => readAll(s, { resource: GET, parameters: { Bucket: "b", Key: "k" }, inputType: "CSV", ...extra }));
}

async function failure(p: Promise<unknown>): Promise<{ error: string; cause: string }> {
  try {
    await p;
  } catch (e) {
    const { error, cause } = e as { error: string; cause: string };
    return { error, cause };
  }
  throw new Error("did not fail");
}

const BODY = "Value1,Value2,Value3\nValue4,Value5,Value6\n,,,\ntrue,1,'HelloWorld'\nNull,None,\n   \n";

describe("CSV as recorded on AWS", () => {
  it("FIRST_ROW", async () => {
    expect(await csv("Col1,Col2\nValue1,Value2\nValue3,Value4\n", { csvHeaderLocation: "FIRST_ROW" })).toEqual([
      { Col1: "Value1", Col2: "Value2" },
      { Col1: "Value3", Col2: "Value4" },
    ]);
  });

  it("GIVEN headers; extra fields dropped, missing ones empty, values as written", async () => {
    expect(await csv(BODY, { csvHeaderLocation: "GIVEN", csvHeaders: ["H1", "H2", "H3"] })).toEqual([
      { H1: "Value1", H2: "Value2", H3: "Value3" },
      { H1: "Value4", H2: "Value5", H3: "Value6" },
      { H1: "", H2: "", H3: "" },
      { H1: "true", H2: "1", H3: "'HelloWorld'" },
      { H1: "Null", H2: "None", H3: "" },
      { H1: "   ", H2: "", H3: "" },
    ]);
    expect(await csv(BODY, { csvHeaderLocation: "GIVEN", csvHeaders: ["H1"] })).toEqual([
      { H1: "Value1" },
      { H1: "Value4" },
      { H1: "" },
      { H1: "true" },
      { H1: "Null" },
      { H1: "   " },
    ]);
  });

  it("FIRST_ROW with typed-looking and empty headers", async () => {
    const rest = "Value4,Value5,Value6\n,,,\ntrue,1,'HelloWorld'\nNull,None,\n   \n";
    expect(await csv("0,True,{}\n" + rest, { csvHeaderLocation: "FIRST_ROW" })).toEqual([
      { "0": "Value4", "{}": "Value6", True: "Value5" },
      { "0": "", "{}": "", True: "" },
      { "0": "true", "{}": "'HelloWorld'", True: "1" },
      { "0": "Null", "{}": "", True: "None" },
      { "0": "   ", "{}": "", True: "" },
    ]);
    expect(await csv("H1,\n" + rest, { csvHeaderLocation: "FIRST_ROW" })).toEqual([
      { "": "Value5", H1: "Value4" },
      { "": "", H1: "" },
      { "": "1", H1: "true" },
      { "": "None", H1: "Null" },
      { "": "", H1: "   " },
    ]);
  });

  it("a header named __proto__ is a field like any other", async () => {
    const items = await csv("__proto__,constructor\na,b\n", { csvHeaderLocation: "FIRST_ROW" });
    expect(JSON.stringify(items)).toBe('[{"__proto__":"a","constructor":"b"}]');
  });

  it("MaxItems 2 gives the first two rows; 0 gives all", async () => {
    const body = "Col1,Col2\nValue1,Value2\nValue3,Value4\nValue5,Value6\n";
    expect(await csv(body, { csvHeaderLocation: "FIRST_ROW", maxItems: 2 })).toEqual([
      { Col1: "Value1", Col2: "Value2" },
      { Col1: "Value3", Col2: "Value4" },
    ]);
    expect(await csv(body, { csvHeaderLocation: "FIRST_ROW", maxItems: 0 })).toHaveLength(3);
  });

  it("duplicate headers fail, given or first row", async () => {
    const dup = { error: "States.ItemReaderFailed", cause: "CSV headers cannot contain duplicates." };
    expect(await failure(csv(BODY, { csvHeaderLocation: "GIVEN", csvHeaders: ["H1", "H1"] }))).toEqual(dup);
    expect(await failure(csv("a,b,a\n1,2,3\n", { csvHeaderLocation: "FIRST_ROW" }))).toEqual(dup);
  });
});

describe("CSV quoting, line ends and delimiters", () => {
  it("RFC 4180 quotes: delimiters, doubled quotes and line breaks inside, CRLF line ends", async () => {
    const body = 'a,b\r\n"x,y","say ""hi"""\r\n"two\r\nlines",z\r\n';
    expect(await csv(body, { csvHeaderLocation: "FIRST_ROW" })).toEqual([
      { a: "x,y", b: 'say "hi"' },
      { a: "two\r\nlines", b: "z" },
    ]);
  });

  it("each CSVDelimiter", async () => {
    const cases: [ReaderSpec["csvDelimiter"], string][] = [
      ["PIPE", "|"],
      ["SEMICOLON", ";"],
      ["SPACE", " "],
      ["TAB", "\t"],
      ["COMMA", ","],
    ];
    for (const [name, d] of cases) {
      expect(await csv(`a${d}b\n1${d}"2${d}3"\n`, { csvHeaderLocation: "FIRST_ROW", csvDelimiter: name })).toEqual([
        { a: "1", b: `2${d}3` },
      ]);
    }
  });

  it("an unterminated quote fails naming its line", async () => {
    expect(await failure(csv('a,b\n1,2\n3,"4\n5,6\n', { csvHeaderLocation: "FIRST_ROW" }))).toEqual({
      error: "States.ItemReaderFailed",
      cause: "CSV line 3 is malformed: a quoted field is not closed.",
    });
  });

  it("resumes page by page across chunk boundaries with multi-byte text and quoted line breaks", async () => {
    const rows = Array.from({ length: 40 }, (_, i) => `${i},"é ${i}\nnext"`);
    const s = await store("n,t\n" + rows.join("\n") + "\n", 7);
    const spec: ReaderSpec = { resource: GET, parameters: { Bucket: "b", Key: "k" }, inputType: "CSV", csvHeaderLocation: "FIRST_ROW" };
    const expected = Array.from({ length: 40 }, (_, i) => ({ n: String(i), t: `é ${i}\nnext` }));
    expect(await readAll(s, spec, 3)).toEqual(expected);
    expect(await readAll(s, { ...spec, maxItems: 10 }, 3)).toEqual(expected.slice(0, 10));
  });
});
