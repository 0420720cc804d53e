/**
 * The Node APIs the CLI uses, declared as far as it uses them, for cli/tsconfig.json: the project installs
 * no @types/node (the engine and the worker need none). A new Node API in cli/ is declared here first.
 */
declare module "node:fs" {
  export function readFileSync(path: string, encoding: "utf8"): string;
  export function writeFileSync(path: string, data: string): void;
  export function existsSync(path: string): boolean;
  export function watch(path: string, listener: (event: string, filename: string | null) => void): { close(): void };
}
declare module "node:path" {
  export function resolve(...paths: string[]): string;
  export function join(...paths: string[]): string;
  export function dirname(path: string): string;
  export function extname(path: string): string;
}
declare module "node:url" {
  export function pathToFileURL(path: string): { href: string };
}
declare module "node:util" {
  type Option = { type: "string" | "boolean"; short?: string; multiple?: boolean };
  export interface ParseArgsConfig {
    args?: string[];
    options?: Record<string, Option>;
    allowPositionals?: boolean;
    strict?: boolean;
  }
  export function parseArgs(config: ParseArgsConfig): { values: Record<string, unknown>; positionals: string[] };
  export function isDeepStrictEqual(a: unknown, b: unknown): boolean;
}
declare const process: {
  argv: string[];
  env: Record<string, string | undefined>;
  exitCode: number | undefined;
  stdout: { write(text: string): boolean };
  stderr: { write(text: string): boolean; isTTY?: boolean };
};
declare function setTimeout(callback: (...args: any[]) => void, ms?: number): unknown;
declare function clearTimeout(handle: unknown): void;
declare const performance: { now(): number };
declare class Response {
  readonly ok: boolean;
  readonly status: number;
  text(): Promise<string>;
}
declare function fetch(url: string, init?: { method?: string; headers?: Record<string, string>; body?: string }): Promise<Response>;
