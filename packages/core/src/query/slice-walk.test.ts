/** The slice walk over keys that sit on every millisecond, so every slice edge lands on rows. */
import { sliceFilter, walkSlices, type SliceAxis, type SliceBounds } from './slice-walk';

interface Row {
  ts: number;
  id: string;
}

/** Keys 0..2000 ms, dense at both ends with three rows per key, sparse in between. */
const ROWS: Row[] = [];
for (let ts = 0; ts <= 2000; ts += ts < 100 || ts > 1900 ? 1 : 97) {
  for (const suffix of ts % 2 === 0 ? ['a', 'b', 'c'] : ['a']) ROWS.push({ ts, id: `${ts}-${suffix}` });
}

function inSlice(row: Row, slice: SliceBounds): boolean {
  if (slice.from !== undefined && (slice.fromOpen ? row.ts <= slice.from : row.ts < slice.from)) return false;
  if (slice.to !== undefined && (slice.toOpen ? row.ts >= slice.to : row.ts > slice.to)) return false;
  return true;
}

function sorted(rows: Row[], order: 'asc' | 'desc'): string[] {
  const sign = order === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => sign * (a.ts - b.ts || (a.id < b.id ? -1 : 1))).map((row) => row.id);
}

async function walk(
  low: number | undefined,
  high: number | undefined,
  order: 'asc' | 'desc',
  need: number,
  dense?: SliceAxis['dense'],
) {
  const filter: Record<string, unknown> = {};
  if (low !== undefined || high !== undefined) {
    filter.ts = {
      ...(low !== undefined ? { $gte: new Date(low) } : {}),
      ...(high !== undefined ? { $lte: new Date(high) } : {}),
    };
  }
  const axis: SliceAxis = { field: 'ts', order, firstWidthMs: 3, dense };
  const got: string[] = [];
  const read: SliceBounds[] = [];
  await walkSlices(
    filter,
    axis,
    need,
    async (slice, want) => {
      // The slice filter a query would send, read back as bounds: the walk never leaves the filter's range.
      const narrowed = sliceFilter(filter, 'ts', slice).ts as Record<string, Date>;
      const bounds: SliceBounds = {
        from: (narrowed.$gte ?? narrowed.$gt)?.getTime(),
        to: (narrowed.$lte ?? narrowed.$lt)?.getTime(),
        fromOpen: narrowed.$gt !== undefined,
        toOpen: narrowed.$lt !== undefined,
      };
      read.push(bounds);
      const rows = sorted(
        ROWS.filter((row) => inSlice(row, bounds)),
        order,
      ).slice(0, want);
      got.push(...rows);
      return rows.length;
    },
    1000,
  );
  const expected = sorted(
    ROWS.filter((row) => (low === undefined || row.ts >= low) && (high === undefined || row.ts <= high)),
    order,
  ).slice(0, need);
  return { got, expected, slices: read.length, read };
}

describe('walkSlices', () => {
  it.each([
    [0, 2000, 'desc', 50],
    [0, 2000, 'asc', 50],
    [0, 2000, 'desc', 10_000],
    [0, 2000, 'asc', 10_000],
    [5, 1995, 'desc', 300],
    [undefined, 1500, 'desc', 40],
    [undefined, undefined, 'desc', 10_000],
    [50, undefined, 'asc', 10_000],
    [700, 800, 'desc', 5],
  ] as const)('from %s to %s, %s, %s rows: exactly the sorted rows', async (low, high, order, need) => {
    const { got, expected, slices } = await walk(low, high, order, need);
    expect(got).toEqual(expected);
    expect(slices).toBeGreaterThan(1);
  });

  it('stops after eight slices, the last taking all that is left', async () => {
    const { got, expected, slices } = await walk(0, 2_000_000, 'asc', 10_000);
    expect(got).toEqual(expected);
    expect(slices).toBeLessThanOrEqual(8);
  });
});

describe('walkSlices with margins outside the dense part', () => {
  it.each([
    ['asc', 50],
    ['asc', 10_000],
    ['desc', 50],
    ['desc', 10_000],
  ] as const)('rows before dense.low: %s, %s rows, the margin read as one slice', async (order, need) => {
    const { got, expected, read } = await walk(0, 2000, order, need, { low: 1000 });
    expect(got).toEqual(expected);
    const margin = { from: 0, to: 1000, fromOpen: false, toOpen: true };
    // Ascending it comes first; descending, last and only when the dense part did not fill the page.
    if (order === 'asc') expect(read[0]).toEqual(margin);
    else if (need > 1000) expect(read[read.length - 1]).toEqual(margin);
    else expect(read).not.toContainEqual(margin);
    expect(read.filter((slice) => (slice.from ?? 0) < 1000)).toHaveLength(order === 'desc' && need <= 1000 ? 0 : 1);
  });

  it.each([
    ['asc', 10_000],
    ['desc', 50],
  ] as const)('rows after dense.high: %s, %s rows, the margin read as one slice', async (order, need) => {
    const { got, expected, read } = await walk(0, 2000, order, need, { high: 1950 });
    expect(got).toEqual(expected);
    const margin = { from: 1950, to: 2000, fromOpen: true, toOpen: false };
    expect(order === 'desc' ? read[0] : read[read.length - 1]).toEqual(margin);
    expect(read.filter((slice) => (slice.to ?? 2000) > 1950)).toHaveLength(1);
  });

  it('ignores a dense part that starts at or before the range', async () => {
    const { got, expected } = await walk(500, 2000, 'asc', 10_000, { low: 100 });
    expect(got).toEqual(expected);
  });
});

describe('walkSlices over a stretch without rows', () => {
  /** Nothing before 10,000 ms, then three rows on every millisecond to 12,000: a dense filter after a gap. */
  const DENSE: Row[] = [];
  for (let ts = 10_000; ts <= 12_000; ts += 1)
    for (const suffix of ['a', 'b', 'c']) DENSE.push({ ts, id: `${ts}-${suffix}` });
  const BUCKET = 60;
  /** The rollup's answer: the 60 ms bucket nearest to `edge` holding a row. */
  const buckets = async (edge: number, farEnd: number | undefined, order: 'asc' | 'desc') => {
    const ahead = DENSE.filter((row) =>
      order === 'asc'
        ? row.ts >= Math.floor(edge / BUCKET) * BUCKET
        : row.ts < Math.floor(edge / BUCKET) * BUCKET + BUCKET,
    );
    const row = order === 'asc' ? ahead[0] : ahead[ahead.length - 1];
    if (!row || (farEnd !== undefined && (order === 'asc' ? row.ts > farEnd : row.ts < farEnd))) return undefined;
    const from = Math.floor(row.ts / BUCKET) * BUCKET;
    return { from, to: from + BUCKET };
  };

  async function walkDense(order: 'asc' | 'desc', nearestData: SliceAxis['nearestData'], rows = DENSE) {
    const [low, high] = order === 'asc' ? [0, 20_000] : [0, 30_000];
    const filter = { ts: { $gte: new Date(low), $lte: new Date(high) } };
    const got: string[] = [];
    let widest = 0;
    await walkSlices(filter, { field: 'ts', order, firstWidthMs: 3, nearestData }, 50, async (slice, want) => {
      const inside = sorted(
        rows.filter((row) => inSlice(row, slice)),
        order,
      );
      // What an engine that sorts after matching pays for this slice: every row in it.
      widest = Math.max(widest, inside.length);
      got.push(...inside.slice(0, want));
      return Math.min(want, inside.length);
    });
    return { got, widest, expected: sorted(rows, order).slice(0, 50) };
  }

  it.each(['asc', 'desc'] as const)(
    '%s: without a hint, the slice after the gap holds nearly every row',
    async (order) => {
      const { got, widest, expected } = await walkDense(order, undefined);
      expect(got).toEqual(expected);
      expect(widest).toBeGreaterThan(3000);
    },
  );

  it.each(['asc', 'desc'] as const)(
    '%s: with the hint, it steps over the gap and reads about a page',
    async (order) => {
      const { got, widest, expected } = await walkDense(order, buckets);
      expect(got).toEqual(expected);
      expect(widest).toBeLessThan(400);
    },
  );

  it.each(['asc', 'desc'] as const)('%s: a hint that says there are no rows still reads every row', async (order) => {
    const { got, expected } = await walkDense(order, async () => undefined);
    expect(got).toEqual(expected);
  });

  it('stops asking once a slice held rows of the collection but none of the filter (a sparse filter)', async () => {
    const sparse = DENSE.filter((row) => row.ts % 500 === 0 && row.id.endsWith('a'));
    let asked = 0;
    const { got, expected } = await walkDense(
      'asc',
      async (...args) => {
        asked += 1;
        return buckets(...args);
      },
      sparse,
    );
    expect(got).toEqual(expected);
    expect(expected).toHaveLength(5);
    // Over the gap, then until a slice wholly holds a stretch with rows; then slices grow as for any sparse filter.
    expect(asked).toBe(3);
  });
});
