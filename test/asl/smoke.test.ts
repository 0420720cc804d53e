// Placeholder so the Node project has a test until the engine's own tests land here.
import { expect, it } from "vitest";

it("runs engine tests in plain Node 22+", () => {
  expect(Number(process.versions.node.split(".")[0])).toBeGreaterThanOrEqual(22);
  expect(typeof (globalThis as { WebSocketPair?: unknown }).WebSocketPair).toBe("undefined");
});
