/**
 * The only globals shared/ uses beyond ES2024, declared by hand for shared/tsconfig.json (which has
 * no Cloudflare, Node or DOM types). Each is a web standard that every host of the engine has
 * (Workers, Node, browsers), and each is declared only as far as the engine uses it:
 * - TextDecoder: UTF-8 decoding with the standard's replacement of bad sequences (States.Base64Decode).
 * - btoa, atob: JSONata's $base64encode/$base64decode, whose Latin-1 rules and errors they define.
 * The root tsconfig.json leaves this file out: there @cloudflare/workers-types declares them in full.
 */
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: Uint8Array, options?: { stream?: boolean }): string;
}
declare function btoa(data: string): string;
declare function atob(data: string): string;

// Streams, for Distributed Map's readers (shared/asl/distributed/): objects are read chunk by chunk.
interface ReadableStreamReadResult<T> {
  done: boolean;
  value?: T;
}
interface ReadableStreamDefaultReader<R> {
  read(): Promise<ReadableStreamReadResult<R>>;
  cancel(reason?: unknown): Promise<void>;
  releaseLock(): void;
}
interface ReadableWritablePair<R, W> {
  readable: ReadableStream<R>;
  writable: WritableStream<W>;
}
interface WritableStream<W> {
  readonly locked: boolean;
  abort(reason?: unknown): Promise<void>;
  __writes?: W;
}
interface ReadableStreamController<R> {
  enqueue(chunk: R): void;
  close(): void;
  error(e?: unknown): void;
}
interface UnderlyingSource<R> {
  start?(controller: ReadableStreamController<R>): void | Promise<void>;
  pull?(controller: ReadableStreamController<R>): void | Promise<void>;
  cancel?(reason?: unknown): void | Promise<void>;
}
declare class ReadableStream<R = unknown> {
  constructor(source?: UnderlyingSource<R>);
  getReader(): ReadableStreamDefaultReader<R>;
  pipeThrough<T>(transform: ReadableWritablePair<T, R>): ReadableStream<T>;
  cancel(reason?: unknown): Promise<void>;
}
declare class DecompressionStream implements ReadableWritablePair<Uint8Array, Uint8Array> {
  constructor(format: "gzip" | "deflate" | "deflate-raw");
  readonly readable: ReadableStream<Uint8Array>;
  readonly writable: WritableStream<Uint8Array>;
}
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
