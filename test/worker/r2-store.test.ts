// A Distributed Map's object store on R2 (worker/maprun/r2-store.ts): listing pages by the last key read,
// so that a reader resumed from its saved cursor (a key) goes on where it stopped.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { r2Store } from "../../worker/maprun/r2-store.ts";

describe("r2Store.list", () => {
  it("pages by key and resumes from any key read, as S3's start-after does", async () => {
    const store = r2Store(env);
    for (const k of ["in/a", "in/b", "in/c", "in/d", "in/e", "out/x"]) await store.put("files", k, "{}");
    const keys: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.list("files", "in/", cursor, 2);
      keys.push(...page.objects.map((o) => o.key));
      cursor = page.cursor;
    } while (cursor !== undefined);
    expect(keys).toEqual(["in/a", "in/b", "in/c", "in/d", "in/e"]);
    // A reader that stopped after in/c (its saved cursor is that key) resumes with in/d.
    expect((await store.list("files", "in/", "in/c", 10)).objects.map((o) => o.key)).toEqual(["in/d", "in/e"]);
  });
});
