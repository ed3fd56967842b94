/** Request mode layout: rows (group headers and lanes), lane spans and marks — or density cells. */
import { LEVEL_NUMBERS } from '../prepare/levels';
import type { Lane, LogMark, RequestView } from '../prepare/model';
import type { LevelName } from '../types';
import type { DrawList, DrawRect } from './draw';
import { timeTicks, type TimeScale } from './scale';

export interface RowLayout {
  kind: 'group' | 'lane';
  key: string;
  y: number;
  height: number;
  label: string;
  /** Secondary text: the global request id of a group, the log count of a lane. */
  detail: string;
  level: LevelName;
  /** Visible marks of a lane, in time order (what hit testing searches). */
  marks: LogMark[];
  lane?: Lane;
}

export interface RequestLayout {
  rows: RowLayout[];
  draw: DrawList;
  /** Marks drawn one by one (0 when aggregated) and marks hidden by the level switches. */
  visible: number;
  hidden: number;
  aggregated: boolean;
}

export interface RequestLayoutOptions {
  scale: TimeScale;
  colors: Record<LevelName, string>;
  showInfo: boolean;
  showDebug: boolean;
  maxMarks: number;
  gridColor: string;
  font: string;
  laneHeight?: number;
  groupHeight?: number;
}

const HIDDEN_BY: Partial<Record<LevelName, 'showInfo' | 'showDebug'>> = {
  INFO: 'showInfo',
  AUDIT: 'showInfo',
  DEBUG: 'showDebug',
  TRACE: 'showDebug',
};

export const MARK_WIDTH = 3;
const DENSITY_COLUMN = 2;

/** Whether marks of a level are drawn under the INFO/DEBUG switches. */
export function isVisible(level: LevelName, options: Pick<RequestLayoutOptions, 'showInfo' | 'showDebug'>): boolean {
  const switchName = HIDDEN_BY[level];
  return switchName === undefined || options[switchName];
}

/** Density cells of one lane: one per 2 px column, coloured by the column's highest level. */
function densityCells(marks: LogMark[], row: RowLayout, o: RequestLayoutOptions): DrawRect[] {
  const columns = new Map<number, { count: number; level: LevelName }>();
  for (const m of marks) {
    const col = Math.floor(o.scale.x(m.time) / DENSITY_COLUMN);
    const cell = columns.get(col);
    if (!cell) columns.set(col, { count: 1, level: m.level });
    else {
      cell.count++;
      if (LEVEL_NUMBERS[m.level] > LEVEL_NUMBERS[cell.level]) cell.level = m.level;
    }
  }
  let most = 1;
  for (const c of columns.values()) most = Math.max(most, c.count);
  const h = row.height * 0.6;
  return [...columns].map(([col, c]) => ({
    x: col * DENSITY_COLUMN,
    y: row.y + (row.height - h) / 2,
    w: DENSITY_COLUMN,
    h,
    color: o.colors[c.level],
    // Quantised so paint() can batch cells of equal alpha.
    alpha: Math.round((0.35 + (0.65 * Math.log1p(c.count)) / Math.log1p(most)) * 10) / 10,
  }));
}

/** Lays out request mode for a given width and time scale. */
export function layoutRequest(view: RequestView, o: RequestLayoutOptions): RequestLayout {
  const laneHeight = o.laneHeight ?? 22;
  const groupHeight = o.groupHeight ?? 22;
  const rows: RowLayout[] = [];
  let y = 0;
  let visible = 0;
  let hidden = 0;
  for (const group of view.groups) {
    if (group.requestId !== null) {
      const detail = group.globalRequestId ? `global ${group.globalRequestId}` : '';
      rows.push({
        kind: 'group',
        key: `g:${group.key}`,
        y,
        height: groupHeight,
        label: group.requestId,
        detail,
        level: group.maxLevel,
        marks: [],
      });
      y += groupHeight;
    }
    for (const lane of group.lanes) {
      const marks = lane.marks.filter((m) => isVisible(m.level, o));
      visible += marks.length;
      hidden += lane.marks.length - marks.length;
      rows.push({
        kind: 'lane',
        key: `${group.key}/${lane.key}`,
        y,
        height: laneHeight,
        label: lane.label,
        detail: `${lane.marks.length} logs`,
        level: lane.maxLevel,
        marks,
        lane,
      });
      y += laneHeight;
    }
  }
  const aggregated = visible > o.maxMarks;
  const draw: DrawList = { width: o.scale.width, height: y, grid: [], spans: [], marks: [], texts: [], font: o.font };
  // Marks are bucketed by level and painted lowest first, so an ERROR is never hidden under DEBUG marks.
  const byLevel = new Map<LevelName, DrawRect[]>();
  for (const tick of timeTicks(o.scale))
    draw.grid.push({ x: Math.round(tick.x), y: 0, w: 1, h: y, color: o.gridColor, alpha: 1 });
  for (const row of rows) {
    if (row.kind !== 'lane' || !row.lane) continue;
    const x1 = o.scale.x(row.lane.first);
    const spanH = row.height * 0.3;
    draw.spans.push({
      x: x1,
      y: row.y + (row.height - spanH) / 2,
      w: Math.max(2, o.scale.x(row.lane.last) - x1),
      h: spanH,
      color: o.colors[row.level],
      alpha: 0.25,
    });
    if (aggregated) {
      draw.marks.push(...densityCells(row.marks, row, o));
      continue;
    }
    const h = row.height * 0.6;
    for (const m of row.marks) {
      let bucket = byLevel.get(m.level);
      if (!bucket) byLevel.set(m.level, (bucket = []));
      bucket.push({
        x: Math.round(o.scale.x(m.time) - MARK_WIDTH / 2),
        y: row.y + (row.height - h) / 2,
        w: MARK_WIDTH,
        h,
        color: o.colors[m.level],
        alpha: 1,
      });
    }
  }
  const levels = [...byLevel.keys()].sort((a, b) => LEVEL_NUMBERS[a] - LEVEL_NUMBERS[b]);
  for (const level of levels) for (const r of byLevel.get(level)!) draw.marks.push(r);
  return { rows, draw, visible: aggregated ? 0 : visible, hidden, aggregated };
}

/** The visible mark nearest to (x, y) within `radius` pixels, if any. */
export function hitMark(
  layout: RequestLayout,
  scale: TimeScale,
  x: number,
  y: number,
  radius = 6,
): LogMark | undefined {
  const row = layout.rows.find((r) => r.kind === 'lane' && y >= r.y && y < r.y + r.height);
  if (!row || row.marks.length === 0) return undefined;
  const t = scale.time(x);
  // Binary search for the first mark at or after t, then compare it with its neighbour.
  let lo = 0;
  let hi = row.marks.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (row.marks[mid]!.time < t) lo = mid + 1;
    else hi = mid;
  }
  let best: LogMark | undefined;
  let bestDistance = radius + 1;
  for (const m of [row.marks[lo - 1], row.marks[lo]]) {
    if (!m) continue;
    const d = Math.abs(scale.x(m.time) - x);
    if (d < bestDistance) [best, bestDistance] = [m, d];
  }
  return best;
}
