/** A Distributed Map's pure parts: reading items, batching them, writing results; and an in-memory store. */
export { openReader, MAX_ITEM_BYTES, type ItemReader, type ReaderPage } from "./reader.ts";
export { MAX_JSON_OBJECT_BYTES } from "./sources.ts";
export { Batcher, MAX_BATCH_BYTES } from "./batcher.ts";
export { writeResults, inlineResults, executionRecord, MAX_RESULT_FILE_BYTES } from "./writer.ts";
export { MemoryStore, type MemoryStoreOptions } from "./memory-store.ts";
export * from "./types.ts";
