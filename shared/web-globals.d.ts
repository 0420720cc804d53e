/**
 * The only globals shared/ uses beyond ES2024, declared by hand for shared/tsconfig.json (which has
 * no Cloudflare, Node or DOM types). Each is a web standard that every host of the engine has
 * (Workers, Node, browsers), and each is declared only as far as the engine uses it:
 * - TextDecoder: UTF-8 decoding with the standard's replacement of bad sequences (States.Base64Decode).
 * - btoa, atob: JSONata's $base64encode/$base64decode, whose Latin-1 rules and errors they define.
 * The root tsconfig.json leaves this file out: there @cloudflare/workers-types declares them in full.
 */
declare class TextDecoder {
  decode(input?: Uint8Array): string;
}
declare function btoa(data: string): string;
declare function atob(data: string): string;
