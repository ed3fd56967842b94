import { requestFrame, requestsFrame, START } from '../../tests/fixtures/frames';
import { prepare, type RequestView, type RequestsView } from '../prepare';
import { LEVEL_NAMES, type LevelName } from '../types';
import { hitMark, layoutRequest, MARK_WIDTH, type RequestLayoutOptions } from './request';
import { hitBar, layoutRequests } from './requests';
import { paddedRange, timeScale, timeTicks, viewRange } from './scale';

// Distinct fake colours per level, so a rect's colour tells its level.
const COLORS = Object.fromEntries(LEVEL_NAMES.map((l, i) => [l, `#00000${i}`])) as Record<LevelName, string>;
const levelOfColor = (color: string) => LEVEL_NAMES.find((l) => COLORS[l] === color);

function requestView(logs: number): RequestView {
  const result = prepare([requestFrame({ logs })], { mode: 'request', laneGrouping: 'auto' });
  if (!result.ok || result.view.kind !== 'request') throw new Error('expected request view');
  return result.view;
}

function options(view: RequestView, extra: Partial<RequestLayoutOptions> = {}): RequestLayoutOptions {
  const { from, to } = paddedRange(view.from, view.to);
  return {
    scale: timeScale(from, to, 1000),
    colors: COLORS,
    showInfo: true,
    showDebug: true,
    maxMarks: 5000,
    gridColor: '#999',
    font: '12px sans',
    ...extra,
  };
}

describe('request layout', () => {
  const view = requestView(240);

  it('draws one mark per log at its time, in its level colour, inside its lane row', () => {
    const o = options(view);
    const layout = layoutRequest(view, o);
    expect(layout.draw.marks).toHaveLength(241);
    expect(layout.aggregated).toBe(false);
    const lanes = layout.rows.filter((r) => r.kind === 'lane');
    expect(layout.rows.filter((r) => r.kind === 'group')).toHaveLength(3);
    expect(layout.draw.spans).toHaveLength(lanes.length);
    for (const row of lanes) {
      for (const mark of row.marks) {
        const x = Math.round(o.scale.x(mark.time) - MARK_WIDTH / 2);
        const rect = layout.draw.marks.find(
          (r) => r.x === x && r.y > row.y && r.y < row.y + row.height && r.color === COLORS[mark.level],
        );
        expect(rect).toBeDefined();
      }
      const span = layout.draw.spans.find((s) => s.y > row.y && s.y < row.y + row.height)!;
      expect(span.x).toBeCloseTo(o.scale.x(row.lane!.first));
      expect(span.x + span.w).toBeCloseTo(o.scale.x(row.lane!.last));
    }
    // Rows stack without gaps; the content height is their sum.
    const last = layout.rows[layout.rows.length - 1]!;
    expect(layout.draw.height).toBe(last.y + last.height);
  });

  it('paints higher levels last so errors stay visible', () => {
    const ranks = layoutRequest(view, options(view)).draw.marks.map((r) => LEVEL_NAMES.indexOf(levelOfColor(r.color)!));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  });

  it('hides INFO/AUDIT and DEBUG/TRACE marks on request but keeps the lane spans', () => {
    const all = layoutRequest(view, options(view));
    const layout = layoutRequest(view, options(view, { showInfo: false, showDebug: false }));
    const levels = new Set(layout.draw.marks.map((r) => levelOfColor(r.color)));
    expect([...levels].sort()).toEqual(['ERROR', 'WARNING']);
    expect(layout.hidden + layout.visible).toBe(241);
    expect(layout.draw.spans).toEqual(all.draw.spans);
  });

  it('aggregates into density cells above maxMarks', () => {
    const big = requestView(10_000);
    const layout = layoutRequest(big, options(big, { maxMarks: 2000 }));
    expect(layout.aggregated).toBe(true);
    expect(layout.draw.marks.length).toBeLessThan(10_000);
    expect(layout.draw.marks.every((r) => r.w === 2 && r.alpha > 0 && r.alpha <= 1)).toBe(true);
    // The one ERROR with a traceback still colours its column.
    expect(layout.draw.marks.some((r) => r.color === COLORS.ERROR)).toBe(true);
  });

  it('finds the mark under the pointer, and nothing between marks', () => {
    const o = options(view);
    const layout = layoutRequest(view, o);
    const row = layout.rows.find((r) => r.kind === 'lane')!;
    const mark = row.marks[0]!;
    expect(hitMark(layout, o.scale, o.scale.x(mark.time) + 2, row.y + row.height / 2)).toBe(mark);
    expect(hitMark(layout, o.scale, o.scale.x(mark.time), -5)).toBeUndefined();
    expect(hitMark(layout, o.scale, 5000, row.y + 1)).toBeUndefined();
  });
});

describe('requests layout', () => {
  const result = prepare([requestsFrame(300)], { mode: 'requests', laneGrouping: 'auto' });
  if (!result.ok || result.view.kind !== 'requests') throw new Error('expected requests view');
  const view: RequestsView = result.view;
  const scale = timeScale(view.from, view.to, 1200);
  const layout = layoutRequests(view, {
    scale,
    colors: COLORS,
    gridColor: '#999',
    textColors: COLORS,
    font: '12px sans',
  });

  it('packs bars into rows without overlap, coloured by max level', () => {
    expect(layout.bars).toHaveLength(300);
    for (const row of layout.rows) {
      for (let i = 1; i < row.length; i++) expect(row[i]!.x).toBeGreaterThanOrEqual(row[i - 1]!.x + row[i - 1]!.w);
    }
    for (const b of layout.bars)
      expect(layout.draw.spans).toContainEqual(expect.objectContaining({ x: b.x, y: b.y, color: COLORS[b.bar.level] }));
    expect(layout.draw.texts.length).toBeGreaterThan(0);
    expect(layout.draw.texts.every((t) => t.text.length > 0)).toBe(true);
  });

  it('hit-tests a bar', () => {
    const b = layout.bars[42]!;
    expect(hitBar(layout, b.x + 1, b.y + 2)?.bar).toBe(b.bar);
    expect(hitBar(layout, b.x + 1, layout.draw.height + 50)).toBeUndefined();
  });
});

describe('scale', () => {
  it('ticks at round steps, inside the range', () => {
    const scale = timeScale(START, START + 4000, 880);
    const ticks = timeTicks(scale);
    expect(ticks.length).toBeGreaterThanOrEqual(4);
    expect(ticks.every((t) => t.time >= START && t.time <= START + 4000 && t.time % 500 === 0)).toBe(true);
    expect(ticks[0]!.format).toBe('HH:mm:ss.SSS');
    expect(scale.time(scale.x(START + 1234))).toBeCloseTo(START + 1234);
  });

  it('narrows request mode to the dashboard range, and requests mode follows it', () => {
    const data = { from: START, to: START + 10_000 };
    expect(viewRange('request', data, { from: START + 2000, to: START + 3000 })).toEqual({
      from: START + 2000,
      to: START + 3000,
    });
    expect(viewRange('request', data, { from: START - 1e9, to: START - 1e8 })).toEqual(
      paddedRange(START, START + 10_000),
    );
    expect(viewRange('requests', data, { from: START - 60_000, to: START + 60_000 })).toEqual({
      from: START - 60_000,
      to: START + 60_000,
    });
  });
});
