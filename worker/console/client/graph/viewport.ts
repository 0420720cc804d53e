/**
 * Pan and zoom of one `<g>` inside an `<svg>` (no viewBox: one unit is one CSS pixel at scale 1): drag to
 * pan, wheel to zoom about the pointer, and zoomBy/fit/reveal for buttons and keyboard focus. A drag
 * swallows the click that ends it, so panning over a node does not select it.
 */

export interface Transform {
  k: number;
  x: number;
  y: number;
}

const MIN = 0.02;
const MAX = 3;
const PAD = 24;

export class Viewport {
  t: Transform = { k: 1, x: 0, y: 0 };
  /** The user has not moved the view since the last fit: a new graph or a resize fits again. */
  fitted = true;
  /** The content's size, for fit. */
  size = { width: 0, height: 0 };
  private drag?: { id: number; x: number; y: number; moved: boolean };
  private readonly aborts = new AbortController();
  private readonly svg: SVGSVGElement;
  private readonly layer: SVGGElement;

  constructor(svg: SVGSVGElement, layer: SVGGElement) {
    this.svg = svg;
    this.layer = layer;
    const signal = this.aborts.signal;
    svg.addEventListener("pointerdown", (e) => this.down(e), { signal });
    svg.addEventListener("pointermove", (e) => this.move(e), { signal });
    svg.addEventListener("pointerup", (e) => this.up(e), { signal });
    svg.addEventListener("pointercancel", (e) => this.up(e), { signal });
    svg.addEventListener("wheel", (e) => this.wheel(e), { signal, passive: false });
    svg.addEventListener("click", (e) => this.swallow(e), { signal, capture: true });
  }

  set(t: Transform, byUser: boolean): void {
    this.t = { k: Math.min(MAX, Math.max(MIN, t.k)), x: t.x, y: t.y };
    if (byUser) this.fitted = false;
    this.layer.setAttribute("transform", `translate(${round(this.t.x)} ${round(this.t.y)}) scale(${round(this.t.k, 1000)})`);
  }

  /** Zoom by `factor` about a point of the svg (its centre by default). */
  zoomBy(factor: number, at?: { x: number; y: number }): void {
    const { width, height } = this.svg.getBoundingClientRect();
    const p = at ?? { x: width / 2, y: height / 2 };
    const k = Math.min(MAX, Math.max(MIN, this.t.k * factor));
    const r = k / this.t.k;
    this.set({ k, x: p.x - (p.x - this.t.x) * r, y: p.y - (p.y - this.t.y) * r }, true);
  }

  /** Everything in view, centred, never enlarged past 100%. False when the svg has no size yet. */
  fit(): boolean {
    const { width, height } = this.svg.getBoundingClientRect();
    if (!width || !height || !this.size.width) return false;
    const k = Math.min(1, (width - 2 * PAD) / this.size.width, (height - 2 * PAD) / this.size.height);
    this.set({ k, x: (width - this.size.width * k) / 2, y: Math.max(PAD, (height - this.size.height * k) / 2) }, false);
    this.fitted = true;
    return true;
  }

  /** Pan just enough to bring a box (content coordinates) into view. */
  reveal(box: { x: number; y: number; width: number; height: number }): void {
    const { width, height } = this.svg.getBoundingClientRect();
    const { k } = this.t;
    let { x, y } = this.t;
    const left = box.x * k + x,
      top = box.y * k + y,
      right = left + box.width * k,
      bottom = top + box.height * k;
    if (left < PAD) x += PAD - left;
    else if (right > width - PAD) x -= Math.min(right - (width - PAD), left - PAD);
    if (top < PAD) y += PAD - top;
    else if (bottom > height - PAD) y -= Math.min(bottom - (height - PAD), top - PAD);
    if (x !== this.t.x || y !== this.t.y) this.set({ k, x, y }, true);
  }

  destroy(): void {
    this.aborts.abort();
  }

  private down(e: PointerEvent): void {
    if (e.button !== 0 || (e.target as Element).closest?.("button")) return;
    this.drag = { id: e.pointerId, x: e.clientX, y: e.clientY, moved: false };
  }

  private move(e: PointerEvent): void {
    const d = this.drag;
    if (!d || d.id !== e.pointerId) return;
    const dx = e.clientX - d.x,
      dy = e.clientY - d.y;
    if (!d.moved && Math.hypot(dx, dy) < 4) return;
    if (!d.moved) {
      d.moved = true;
      this.svg.setPointerCapture(e.pointerId);
      this.svg.classList.add("is-panning");
    }
    d.x = e.clientX;
    d.y = e.clientY;
    this.set({ k: this.t.k, x: this.t.x + dx, y: this.t.y + dy }, true);
  }

  private up(e: PointerEvent): void {
    const d = this.drag;
    if (!d || d.id !== e.pointerId) return;
    this.svg.classList.remove("is-panning");
    if (this.svg.hasPointerCapture(e.pointerId)) this.svg.releasePointerCapture(e.pointerId);
    // The click that follows a drag is swallowed (swallow()); the flag lives until then.
    this.drag = d.moved ? d : undefined;
    if (d.moved) setTimeout(() => this.drag === d && (this.drag = undefined), 0);
  }

  private swallow(e: MouseEvent): void {
    if (this.drag?.moved) {
      e.stopPropagation();
      e.preventDefault();
      this.drag = undefined;
    }
  }

  private wheel(e: WheelEvent): void {
    e.preventDefault();
    const r = this.svg.getBoundingClientRect();
    const delta = e.deltaMode === 1 ? e.deltaY * 16 : e.deltaY;
    this.zoomBy(Math.exp(-delta * 0.0015), { x: e.clientX - r.left, y: e.clientY - r.top });
  }
}

function round(n: number, by = 10): number {
  return Math.round(n * by) / by;
}
