/**
 * Where a branch stands, kept as plain data when a Standard execution ends unsuccessfully (or one of its
 * Map iterations or Parallel branches fails) for a redrive to run it again from there (see redrive.ts).
 */
import { childrenOf } from "./frames.ts";
import type { Execution, Fan, FanPoint, Frame, RedrivePoint } from "./types.ts";

/** Where `frame` stands now, with everything under it. */
export function pointOf(exec: Execution, frame: Frame): RedrivePoint {
  const p: RedrivePoint = { scope: frame.scope, slot: frame.slot, state: frame.state, input: frame.input };
  if (frame.vars) p.vars = frame.vars;
  if (frame.mapItem) p.mapItem = frame.mapItem;
  if (frame.fan) p.fan = fanPoint(exec, frame, frame.fan);
  else if (frame.redriveFan) p.fan = frame.redriveFan;
  else if (frame.mapRun) p.mapRun = frame.mapRun;
  return p;
}

/**
 * The fan of `owner` as it stands: its results, and to run again its failed iterations (kept as they
 * failed, in `fan.lost`), `failing` (the branch failing now, already gone from the frames), the
 * branches still running, and a Map's iterations not started yet.
 */
export function fanPoint(exec: Execution, owner: Frame, fan: Fan, failing?: RedrivePoint): FanPoint {
  const redo: RedrivePoint[] = fan.lost ? fan.lost.slice() : [];
  if (failing) redo.push(failing);
  for (const child of childrenOf(exec, owner.id)) redo.push(pointOf(exec, child));
  if (fan.kind === "map") {
    // a redriven Map's iterations not run again yet, and those never started
    if (fan.redo) redo.push(...fan.redo);
    for (let i = fan.started; i < fan.total; i++)
      redo.push({ scope: -1, slot: i, state: "", input: null, mapItem: { index: i, value: fan.items[i] }, fresh: true });
  }
  redo.sort((a, b) => a.slot - b.slot);
  const p: FanPoint = { kind: fan.kind, total: fan.total, max: fan.max, effective: fan.effective, results: fan.results.slice(), redo };
  if (fan.toleratedCount !== undefined) p.toleratedCount = fan.toleratedCount;
  if (fan.toleratedPercentage !== undefined) p.toleratedPercentage = fan.toleratedPercentage;
  if (fan.kind === "map") p.items = fan.items;
  return p;
}
