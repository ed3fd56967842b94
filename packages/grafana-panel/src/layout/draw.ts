/**
 * The draw list: everything the canvas shows, computed purely (so tests can assert it) and painted by
 * paint() in one pass per colour — fast enough for 10,000 marks.
 */

export interface DrawRect {
  x: number;
  y: number;
  w: number;
  h: number;
  color: string;
  alpha: number;
}

export interface DrawText {
  x: number;
  y: number;
  text: string;
  color: string;
  maxWidth: number;
}

export interface DrawList {
  width: number;
  height: number;
  /** Vertical grid lines at the axis ticks. */
  grid: DrawRect[];
  /** Lane spans (first to last log) or request bars. */
  spans: DrawRect[];
  /** Log marks, or density cells when there are too many marks. */
  marks: DrawRect[];
  texts: DrawText[];
  font: string;
}

/** Pixels of the text that fit in `width` at ~6.5 px per character, with an ellipsis when cut. */
export function fitText(text: string, width: number): string {
  const chars = Math.floor(width / 6.5);
  if (chars < 3) return '';
  return text.length <= chars ? text : `${text.slice(0, chars - 1)}…`;
}

function paintRects(ctx: CanvasRenderingContext2D, rects: readonly DrawRect[], top: number, bottom: number): void {
  const batches = new Map<string, DrawRect[]>();
  for (const r of rects) {
    if (r.y + r.h < top || r.y > bottom) continue;
    const key = `${r.color}|${r.alpha}`;
    const batch = batches.get(key);
    if (batch) batch.push(r);
    else batches.set(key, [r]);
  }
  for (const batch of batches.values()) {
    const first = batch[0]!;
    ctx.globalAlpha = first.alpha;
    ctx.fillStyle = first.color;
    ctx.beginPath();
    for (const r of batch) ctx.rect(r.x, r.y, r.w, r.h);
    ctx.fill();
  }
  ctx.globalAlpha = 1;
}

/** Paints the part of the list between scrollTop and scrollTop + viewHeight (the canvas is viewport-sized). */
export function paint(
  ctx: CanvasRenderingContext2D,
  list: DrawList,
  scrollTop: number,
  viewHeight: number,
  dpr: number,
): void {
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, list.width, viewHeight);
  ctx.translate(0, -scrollTop);
  const bottom = scrollTop + viewHeight;
  paintRects(ctx, list.grid, scrollTop, bottom);
  paintRects(ctx, list.spans, scrollTop, bottom);
  paintRects(ctx, list.marks, scrollTop, bottom);
  ctx.font = list.font;
  ctx.textBaseline = 'middle';
  for (const t of list.texts) {
    if (t.y < scrollTop - 20 || t.y > bottom + 20) continue;
    ctx.fillStyle = t.color;
    ctx.fillText(t.text, t.x, t.y, t.maxWidth);
  }
}
