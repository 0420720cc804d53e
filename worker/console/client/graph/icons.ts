/** One small line icon per state type (16×16, stroked with currentColor), and node outlines. */
import type { StateType } from "../../../../shared/graph/model.ts";

export const ICONS: Record<StateType, string> = {
  Task: "M3 3.5h10v9H3z M5.5 6.5h5 M5.5 9.5h3",
  Pass: "M2.5 8h10 M9 4.5 12.5 8 9 11.5",
  Wait: "M8 2a6 6 0 1 0 0.01 0z M8 4.8V8l2.4 1.6",
  Choice: "M8 1.8 14.2 8 8 14.2 1.8 8z",
  Parallel: "M2.5 2.5h11 M2.5 13.5h11 M5.5 5v6 M10.5 5v6",
  Map: "M5.5 2.5h8v8 M2.5 5.5h8v8h-8z",
  Succeed: "M3 8.5 6.5 12 13 4.5",
  Fail: "M4 4 12 12 M12 4 4 12",
};

/** Unknown types (while editing) look like Pass. */
export function iconOf(type: string): string {
  return ICONS[type as StateType] ?? ICONS.Pass;
}

/** A Choice's outline: a box with pointed ends. */
export function hexagon(width: number, height: number, point: number): string {
  const h = height / 2;
  return `M${point} 0H${width - point}L${width} ${h}L${width - point} ${height}H${point}L0 ${h}Z`;
}

/** A polyline through dagre's points, smoothed as a uniform B-spline (d3's curveBasis). */
export function curve(points: { x: number; y: number }[]): string {
  const f = (n: number) => Math.round(n * 10) / 10;
  if (points.length === 0) return "";
  const [first, ...rest] = points;
  if (points.length < 3) return `M${f(first.x)} ${f(first.y)}` + rest.map((p) => `L${f(p.x)} ${f(p.y)}`).join("");
  let d = `M${f(first.x)} ${f(first.y)}`;
  let x0 = first.x,
    y0 = first.y,
    x1 = points[1].x,
    y1 = points[1].y;
  d += `L${f((5 * x0 + x1) / 6)} ${f((5 * y0 + y1) / 6)}`;
  const bezier = (x: number, y: number) =>
    `C${f((2 * x0 + x1) / 3)} ${f((2 * y0 + y1) / 3)} ${f((x0 + 2 * x1) / 3)} ${f((y0 + 2 * y1) / 3)} ` +
    `${f((x0 + 4 * x1 + x) / 6)} ${f((y0 + 4 * y1 + y) / 6)}`;
  for (const p of points.slice(2)) {
    d += bezier(p.x, p.y);
    ((x0 = x1), (y0 = y1), (x1 = p.x), (y1 = p.y));
  }
  d += bezier(x1, y1);
  return d + `L${f(x1)} ${f(y1)}`;
}

/** A polyline with its corners rounded (radius up to `r`), for the side edges' right angles. */
export function rounded(points: { x: number; y: number }[], r = 8): string {
  const f = (n: number) => Math.round(n * 10) / 10;
  if (points.length < 2) return "";
  let d = `M${f(points[0].x)} ${f(points[0].y)}`;
  for (let i = 1; i < points.length - 1; i++) {
    const [a, b, c] = [points[i - 1], points[i], points[i + 1]];
    const inLen = Math.hypot(b.x - a.x, b.y - a.y),
      outLen = Math.hypot(c.x - b.x, c.y - b.y);
    const k = Math.min(r, inLen / 2, outLen / 2);
    const p = { x: b.x - ((b.x - a.x) / (inLen || 1)) * k, y: b.y - ((b.y - a.y) / (inLen || 1)) * k };
    const q = { x: b.x + ((c.x - b.x) / (outLen || 1)) * k, y: b.y + ((c.y - b.y) / (outLen || 1)) * k };
    d += `L${f(p.x)} ${f(p.y)}Q${f(b.x)} ${f(b.y)} ${f(q.x)} ${f(q.y)}`;
  }
  const last = points[points.length - 1];
  return d + `L${f(last.x)} ${f(last.y)}`;
}
