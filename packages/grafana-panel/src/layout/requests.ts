/** Requests mode layout: bars packed into rows (no overlap), coloured by max level, labelled inside. */
import type { RequestBar, RequestsView, ResourceView } from '../prepare/model';
import type { LevelName } from '../types';
import { fitText, type DrawList } from './draw';
import { timeTicks, type TimeScale } from './scale';

export interface BarLayout {
  bar: RequestBar;
  row: number;
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface RequestsLayout {
  bars: BarLayout[];
  /** Bars per row, each row in x order (what hit testing searches). */
  rows: BarLayout[][];
  draw: DrawList;
  /** Height of one row, for hit testing. */
  rowHeight: number;
}

export interface RequestsLayoutOptions {
  scale: TimeScale;
  colors: Record<LevelName, string>;
  gridColor: string;
  /** Label colour on a bar of each level (contrasting with the bar). */
  textColors: Record<LevelName, string>;
  font: string;
  rowHeight?: number;
  /** Resource mode: every bar on one axis (row 0), overlapping where requests overlapped. */
  oneAxis?: boolean;
  /** Colour of the marker under a failed (`error`) or `warning` request. */
  outcomeColors?: { error: string; warning: string };
}

/** Height and least width of the outcome marker drawn under a failed bar. */
const OUTCOME_MARK = 5;
const OUTCOME_MARK_WIDTH = 10;

const GAP = 3;

/** Packs bars greedily into the first row where they fit (interval partitioning), in start order. */
export function layoutRequests(view: RequestsView | ResourceView, o: RequestsLayoutOptions): RequestsLayout {
  const rowHeight = o.rowHeight ?? (o.oneAxis ? 36 : 22);
  // One axis leaves room under the bars for the failure markers.
  const barHeight = rowHeight - 4 - (o.oneAxis ? OUTCOME_MARK + 2 : 0);
  const rowEnds: number[] = [];
  const rows: BarLayout[][] = [];
  const bars: BarLayout[] = [];
  for (const bar of view.bars) {
    if (bar.end < o.scale.from || bar.start > o.scale.to) continue;
    const x = Math.max(0, o.scale.x(bar.start));
    const w = Math.max(2, Math.min(o.scale.width, o.scale.x(bar.end)) - x);
    let row = o.oneAxis && rowEnds.length > 0 ? 0 : rowEnds.findIndex((end) => end + GAP <= x);
    if (row < 0) {
      row = rowEnds.length;
      rowEnds.push(0);
      rows.push([]);
    }
    rowEnds[row] = Math.max(rowEnds[row] ?? 0, x + w);
    const laid = { bar, row, x, y: row * rowHeight + 2, w, h: barHeight };
    rows[row]!.push(laid);
    bars.push(laid);
  }
  const height = rows.length * rowHeight;
  const draw: DrawList = { width: o.scale.width, height, grid: [], spans: [], marks: [], texts: [], font: o.font };
  for (const tick of timeTicks(o.scale))
    draw.grid.push({ x: Math.round(tick.x), y: 0, w: 1, h: height, color: o.gridColor, alpha: 1 });
  for (const b of bars) {
    draw.spans.push({ x: b.x, y: b.y, w: b.w, h: b.h, color: o.colors[b.bar.level], alpha: 0.85 });
    const outcome = b.bar.outcome;
    if (o.outcomeColors && (outcome === 'error' || outcome === 'warning')) {
      // A failure is marked below its bar, so it shows whatever the bar's own colour.
      const w = Math.max(b.w, OUTCOME_MARK_WIDTH);
      const x = b.x + b.w / 2 - w / 2;
      draw.marks.push({ x, y: b.y + b.h + 1, w, h: OUTCOME_MARK, color: o.outcomeColors[outcome], alpha: 1 });
    }
    const label = fitText(b.bar.label, b.w - 8);
    if (label)
      draw.texts.push({
        x: b.x + 4,
        y: b.y + b.h / 2,
        text: label,
        color: o.textColors[b.bar.level],
        maxWidth: b.w - 8,
      });
  }
  return { bars, rows, draw, rowHeight };
}

/** The bar under (x, y), if any. */
export function hitBar(
  layout: RequestsLayout,
  x: number,
  y: number,
  rowHeight = layout.rowHeight,
): BarLayout | undefined {
  const row = layout.rows[Math.floor(y / rowHeight)];
  if (!row) return undefined;
  let lo = 0;
  let hi = row.length;
  // Rows are in x order and never overlap: find the last bar starting at or before x.
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (row[mid]!.x <= x) lo = mid + 1;
    else hi = mid;
  }
  const candidate = row[lo - 1];
  return candidate && x <= candidate.x + Math.max(candidate.w, 4) ? candidate : undefined;
}
