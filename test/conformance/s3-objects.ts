// The objects a conformance case's test put in S3 before its execution, in an in-memory store for
// ItemReader/ResultWriter; any bucket the definition names exists (AWS's test made them).
// Used by the judge's runner (run.ts) and the worker's host-parity test (test/worker/parity.test.ts).
import { MemoryStore } from "../../shared/asl/distributed/memory-store.ts";

export interface S3Object {
  Bucket: string;
  Key: string;
  Body: unknown;
}

export async function seededStore(definition: unknown, objects: S3Object[] = []): Promise<MemoryStore> {
  const store = new MemoryStore(bucketsNamedIn(definition));
  for (const o of objects) await store.put(o.Bucket, o.Key, typeof o.Body === "string" ? o.Body : JSON.stringify(o.Body));
  return store;
}

/** Bucket names written as literals in a definition (a ResultWriter's bucket exists before the run). */
function bucketsNamedIn(v: unknown, out: string[] = []): string[] {
  if (Array.isArray(v)) for (const x of v) bucketsNamedIn(x, out);
  else if (v && typeof v === "object")
    for (const [key, x] of Object.entries(v)) {
      if (key === "Bucket" && typeof x === "string") out.push(x);
      else bucketsNamedIn(x, out);
    }
  return out;
}
