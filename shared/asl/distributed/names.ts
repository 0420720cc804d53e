/** Names and ARNs of a Map Run's child executions: derived from the Map Run and the item, so a restart names the same child. */
import { sha1 } from "@noble/hashes/legacy.js";

const HEX = "0123456789abcdef";

/** A name-based UUID (version 5 layout) from the Map Run's id and the child's index. */
export function childName(mapRunId: string, index: number): string {
  const bytes = sha1(new TextEncoder().encode(`${mapRunId}:${index}`));
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  let s = "";
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) s += "-";
    s += HEX[bytes[i] >> 4] + HEX[bytes[i] & 15];
  }
  return s;
}

/** `arn:...:execution:<machine>/<label>:<name>` from the children's machine ARN `arn:...:stateMachine:<machine>/<label>`. */
export function childExecutionArn(childMachineArn: string, name: string): string {
  return `${childMachineArn.replace(":stateMachine:", ":execution:")}:${name}`;
}

/** The Map Run an ARN names, or null: `arn:<partition>:states:<region>:<account>:mapRun:<machine>/<label>:<id>`. */
export function parseMapRunArn(arn: string): { machineArn: string; label: string; id: string } | null {
  const m = /^(arn:[^:]+:states:[^:]*:[^:]*):mapRun:([^/:]+)\/([^:]+):([^:]+)$/.exec(arn);
  if (!m) return null;
  return { machineArn: `${m[1]}:stateMachine:${m[2]}`, label: m[3], id: m[4] };
}
