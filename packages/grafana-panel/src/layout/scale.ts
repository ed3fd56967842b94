/** Time ↔ pixel mapping and axis ticks; pure, shared by both modes and by hit testing. */

export interface TimeScale {
  from: number;
  to: number;
  width: number;
  /** Pixel of a time. */
  x(time: number): number;
  /** Time of a pixel. */
  time(x: number): number;
}

export function timeScale(from: number, to: number, width: number): TimeScale {
  const span = to > from ? to - from : 1;
  const w = Math.max(1, width);
  return { from, to, width: w, x: (t) => ((t - from) / span) * w, time: (x) => from + (x / w) * span };
}

/**
 * The range to draw for data spanning [first, last]: a little padding so edge marks are not cut, and at
 * least one second so a single log still gets an axis.
 */
export function paddedRange(first: number, last: number): { from: number; to: number } {
  const span = Math.max(last - first, 1000);
  const mid = (first + last) / 2;
  const half = span / 2 + span * 0.03;
  return { from: Math.floor(mid - half), to: Math.ceil(mid + half) };
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const STEPS = [
  1,
  2,
  5,
  10,
  20,
  50,
  100,
  200,
  500,
  SECOND,
  2 * SECOND,
  5 * SECOND,
  10 * SECOND,
  15 * SECOND,
  30 * SECOND,
  MINUTE,
  2 * MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  24 * HOUR,
];

export interface Tick {
  x: number;
  time: number;
  /** Grafana date format for the label, fine enough to tell neighbouring ticks apart. */
  format: string;
}

/** Ticks about every 110 px at a round step (1 ms … 1 day). */
export function timeTicks(scale: TimeScale, minSpacing = 110): Tick[] {
  const span = scale.to - scale.from;
  const wanted = Math.max(1, Math.floor(scale.width / minSpacing));
  const step = STEPS.find((s) => span / s <= wanted) ?? STEPS[STEPS.length - 1]!;
  const format =
    step < SECOND ? 'HH:mm:ss.SSS' : step < MINUTE ? 'HH:mm:ss' : step < 24 * HOUR ? 'HH:mm' : 'MM-DD HH:mm';
  const ticks: Tick[] = [];
  // Steps up to an hour align to the epoch, which is aligned to UTC (and to most time zones' whole hours).
  for (let t = Math.ceil(scale.from / step) * step; t <= scale.to; t += step) {
    ticks.push({ x: scale.x(t), time: t, format });
  }
  return ticks;
}

/**
 * The time range to draw. Request mode shows the request's own extent, narrowed to the dashboard range when
 * they overlap (so drag-to-zoom works even though a request's logs ignore the time picker). Requests mode
 * follows the dashboard range, falling back to the data when the two do not meet.
 */
export function viewRange(
  mode: 'request' | 'requests',
  data: { from: number; to: number },
  dashboard: { from: number; to: number } | undefined,
): { from: number; to: number } {
  const padded = paddedRange(data.from, data.to);
  if (!dashboard || !(dashboard.to > dashboard.from)) return padded;
  const overlaps = dashboard.from <= data.to && dashboard.to >= data.from;
  if (mode === 'requests') return overlaps ? { from: dashboard.from, to: dashboard.to } : padded;
  const from = Math.max(padded.from, dashboard.from);
  const to = Math.min(padded.to, dashboard.to);
  return overlaps && to - from >= 1 ? { from, to } : padded;
}
