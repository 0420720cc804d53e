/**
 * The one way a request body is read, with a byte cap. A declared Content-Length over the cap is refused
 * before a byte is read, one within it is read whole; a chunked body is streamed only until it passes the
 * cap, and the rest of its stream is cancelled. Each front end names its own error.
 */

/** The body's bytes (at most `max`), else the error `tooLarge(max)` throws. */
export async function readCapped(req: Request, max: number, tooLarge: (max: number) => Error): Promise<Uint8Array> {
  const declared = Number(req.headers.get("content-length") ?? NaN);
  if (declared > max) throw tooLarge(max);
  if (!req.body) return new Uint8Array(0);
  if (declared >= 0) {
    // A declared length within the cap (an HTTP server delivers no more than it): read whole in one native call,
    // which costs a fraction of a reader's loop. Checked again, for a Request made in the worker that declares less.
    const whole = new Uint8Array(await req.arrayBuffer());
    if (whole.byteLength > max) throw tooLarge(max);
    return whole;
  }
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      // Cancelling tells the sender to stop: the remaining bytes are never buffered.
      await reader.cancel().catch(() => {});
      throw tooLarge(max);
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0];
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return all;
}

// One decoder for every body: decode() without `stream` keeps no state between calls.
const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/** UTF-8 text (a leading byte order mark dropped, invalid bytes refused), else `invalid()` throws. */
export function utf8(bytes: Uint8Array, invalid: () => Error): string {
  try {
    return decoder.decode(bytes);
  } catch {
    throw invalid();
  }
}
