/**
 * The only globals shared/ uses beyond ES2024, declared by hand for shared/tsconfig.json (which has
 * no Cloudflare, Node or DOM types). Each is a web standard that every host of the engine has
 * (Workers, Node, browsers), and each is declared only as far as the engine uses it:
 * - TextDecoder: UTF-8 decoding with the standard's replacement of bad sequences (States.Base64Decode).
 * - btoa, atob: JSONata's $base64encode/$base64decode, whose Latin-1 rules and errors they define.
 * - ReadableStream, WritableStream, DecompressionStream: a Distributed Map's ItemReader streams S3-shaped
 *   objects (shared/asl/distributed/), gzip'd S3 Inventory files included; TextDecoder's `stream` option
 *   decodes them chunk by chunk.
 * The root tsconfig.json leaves this file out: there @cloudflare/workers-types declares them in full.
 */
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: Uint8Array, options?: { stream?: boolean }): string;
}
interface ReadableStreamDefaultReader<R = any> {
  read(): Promise<{ done: true; value?: undefined } | { done: false; value: R }>;
  releaseLock(): void;
  cancel(reason?: unknown): Promise<void>;
}
interface ReadableStreamDefaultController<R = any> {
  enqueue(chunk: R): void;
  close(): void;
  error(reason?: unknown): void;
}
declare class WritableStream<W = any> {
  private readonly __chunk?: W;
}
declare class ReadableStream<R = any> {
  constructor(source?: {
    start?(controller: ReadableStreamDefaultController<R>): void | Promise<void>;
    pull?(controller: ReadableStreamDefaultController<R>): void | Promise<void>;
    cancel?(reason?: unknown): void | Promise<void>;
  });
  getReader(): ReadableStreamDefaultReader<R>;
  pipeThrough<T>(transform: { writable: WritableStream<R>; readable: ReadableStream<T> }): ReadableStream<T>;
  cancel(reason?: unknown): Promise<void>;
}
declare class DecompressionStream {
  constructor(format: "gzip" | "deflate" | "deflate-raw");
  readonly readable: ReadableStream<Uint8Array>;
  readonly writable: WritableStream<Uint8Array>;
}
declare function btoa(data: string): string;
declare function atob(data: string): string;
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
