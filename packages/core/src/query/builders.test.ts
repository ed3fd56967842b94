/** Table-driven checks of the pure query builders (no database). */
import { ValidationError } from '../errors';
import { decodeCursor, encodeCursor, keysetFilter } from './cursor';

const KEY = Buffer.alloc(32, 7);
import { escapeRegex, normalizeRequestId } from './inputs';
import { buildLogFilter, buildLogFind, readLogCursor, readLogQuery } from './log-query';
import { buildRequestFilter, readRequestQuery, withoutImpliedOverlap } from './request-query';
import { parseTime, readTimeRange } from './time';

const T = Date.parse('2026-11-24T10:41:03.123Z');

describe('parseTime', () => {
  it.each([
    ['2026-11-24T10:41:03.123Z', T],
    ['2026-11-24T10:41:03.123', T],
    ['2026-11-24 10:41:03.123', T],
    ['2026-11-24T11:41:03.123+01:00', T],
    ['2026-11-24T11:41:03.123+0100', T],
    [String(T), T],
    [T, T],
    ['2026-11-24', Date.parse('2026-11-24T00:00:00Z')],
  ])('%s', (input, expected) => {
    expect(parseTime(input, 'from').getTime()).toBe(expected);
  });

  it.each(['', 'now', 'yesterday', '2026-11-31T00:00:00Z', '1e12', '12:00', '2026-13-01', '{"$gt":0}'])(
    'rejects %j naming the parameter',
    (input) => {
      expect(() => parseTime(input, 'to')).toThrow(expect.objectContaining({ parameter: 'to' }));
    },
  );
});

describe('library callers', () => {
  it('reject objects where values belong, naming the parameter', () => {
    const smuggled = { $gt: '' } as never;
    expect(() => readLogQuery({ host: smuggled })).toThrow(expect.objectContaining({ parameter: 'host' }));
    expect(() => readLogQuery({ from: smuggled })).toThrow(expect.objectContaining({ parameter: 'from' }));
    expect(() => readLogQuery({ minLevel: smuggled })).toThrow(expect.objectContaining({ parameter: 'minLevel' }));
    expect(() => readLogQuery({ requestId: smuggled })).toThrow(expect.objectContaining({ parameter: 'requestId' }));
    expect(() => readRequestQuery({ user: smuggled })).toThrow(expect.objectContaining({ parameter: 'user' }));
    expect(() => readRequestQuery({ userOnly: smuggled })).toThrow(expect.objectContaining({ parameter: 'userOnly' }));
    expect(() => readRequestQuery({ limit: smuggled })).toThrow(expect.objectContaining({ parameter: 'limit' }));
  });
});

describe('readTimeRange', () => {
  it('makes an inclusive window around a time', () => {
    expect(readTimeRange({ around: T, span: 10 })).toEqual({ from: new Date(T - 10_000), to: new Date(T + 10_000) });
    expect(readTimeRange({ around: T })).toEqual({ from: new Date(T - 60_000), to: new Date(T + 60_000) });
  });
});

describe('normalizeRequestId', () => {
  it.each([
    ['req-6f0b1c1e-3a61-4d39-9a1f-0a3d2b1f4c55', 'req-6f0b1c1e-3a61-4d39-9a1f-0a3d2b1f4c55'],
    ['6F0B1C1E-3A61-4D39-9A1F-0A3D2B1F4C55', 'req-6f0b1c1e-3a61-4d39-9a1f-0a3d2b1f4c55'],
    ['REQ-6f0b1c1e-3a61-4d39-9a1f-0a3D2b1f4c55', 'req-6f0b1c1e-3a61-4d39-9a1f-0a3d2b1f4c55'],
    [' req-6f0b1c1e-3a61-4d39-9a1f-0a3d2b1f4c55 ', 'req-6f0b1c1e-3a61-4d39-9a1f-0a3d2b1f4c55'],
    ['tempest-request-42', 'tempest-request-42'],
    // Other ids are matched exactly as given, odd characters and all.
    ['not an id', 'not an id'],
    ['{"$ne":null}', '{"$ne":null}'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeRequestId(input, 'requestId')).toBe(expected);
  });

  it.each(['', 'x'.repeat(513)])('rejects %j', (input) => {
    expect(() => normalizeRequestId(input, 'requestId')).toThrow(ValidationError);
  });
});

describe('log filter builder', () => {
  it.each([
    [{}, { level: { $gte: 20 } }],
    [{ minLevel: 'trace' }, { level: { $gte: 5 } }],
    [
      { host: 'compute-1', user: 'u1' },
      { host: 'compute-1', userId: 'u1', level: { $gte: 20 } },
    ],
    [{ project: '{"$gt":""}' }, { projectId: '{"$gt":""}', level: { $gte: 20 } }],
    [{ q: 'a.b*(c)' }, { level: { $gte: 20 }, message: { $regex: 'a\\.b\\*\\(c\\)', $options: 'i' } }],
    [
      { from: T, to: T + 1000 },
      { ts: { $gte: new Date(T), $lte: new Date(T + 1000) }, level: { $gte: 20 } },
    ],
  ])('%j → %j', (params, expected) => {
    expect(buildLogFilter(readLogQuery(params))).toEqual(expected);
  });

  it('escapes every regex metacharacter so q matches literally', () => {
    const q = '^$.*+?()[]{}|\\/-';
    expect(new RegExp(escapeRegex(q)).test(`x${q}y`)).toBe(true);
    expect(new RegExp(escapeRegex('.*')).test('anything')).toBe(false);
  });

  it('continues after a cursor with a keyset filter and a narrowed ts range', () => {
    const cursor = encodeCursor({ sort: 'ts:desc', keys: [T, 'abc'], page: 2, total: 9, totalExact: true }, KEY);
    const query = readLogQuery({ order: 'desc', cursor, to: T + 5000 });
    const plan = buildLogFind(query, readLogCursor(query, KEY));
    expect(plan.filter).toEqual({
      level: { $gte: 20 },
      ts: { $lte: new Date(T) },
      $or: [{ ts: { $lt: new Date(T) } }, { ts: new Date(T), _id: { $lt: 'abc' } }],
    });
    expect(plan.skip).toBe(0);
    expect(plan.limit).toBe(101);
  });
});

describe('cursors', () => {
  it('round-trips and refuses another sort', () => {
    const text = encodeCursor(
      { sort: 'duration:asc', keys: [10, 'req-a'], page: 3, total: 10000, totalExact: false },
      KEY,
    );
    expect(decodeCursor(text, 'duration:asc', 2, KEY)).toEqual({
      sort: 'duration:asc',
      keys: [10, 'req-a'],
      page: 3,
      total: 10000,
      totalExact: false,
    });
    expect(() => decodeCursor(text, 'start:asc', 2, KEY)).toThrow(expect.objectContaining({ parameter: 'cursor' }));
    expect(() => decodeCursor(text, 'duration:asc', 3, KEY)).toThrow(ValidationError);
  });

  it('refuses a forged page or total, an unsigned cursor and one signed with another key', () => {
    const text = encodeCursor({ sort: 'ts:asc', keys: [T, 'abc'], page: 2, total: 9, totalExact: true }, KEY);
    const [data, signature] = text.split('.') as [string, string];
    const body = JSON.parse(Buffer.from(data, 'base64url').toString()) as unknown[];
    const forged = (change: (b: unknown[]) => void): string => {
      const copy = [...body];
      change(copy);
      return `${Buffer.from(JSON.stringify(copy)).toString('base64url')}.${signature}`;
    };
    const refused = /cursor is not valid here \(not made by this server\)/;
    expect(() =>
      decodeCursor(
        forged((b) => (b[3] = 1e20)),
        'ts:asc',
        2,
        KEY,
      ),
    ).toThrow(refused);
    expect(() =>
      decodeCursor(
        forged((b) => (b[4] = 0)),
        'ts:asc',
        2,
        KEY,
      ),
    ).toThrow(refused);
    expect(() => decodeCursor(data, 'ts:asc', 2, KEY)).toThrow(/unreadable/);
    expect(() => decodeCursor(text, 'ts:asc', 2, Buffer.alloc(32, 9))).toThrow(refused);
  });

  it('builds a three-key keyset', () => {
    expect(
      keysetFilter(
        [
          ['maxLevel', -1],
          ['start', -1],
          ['_id', -1],
        ],
        [40, T, 'r'],
        new Set(['start']),
      ),
    ).toEqual({
      $or: [
        { maxLevel: { $lt: 40 } },
        { maxLevel: 40, start: { $lt: new Date(T) } },
        { maxLevel: 40, start: new Date(T), _id: { $lt: 'r' } },
      ],
    });
  });
});

describe('request filter builder', () => {
  it.each([
    [{}, { userId: { $ne: null } }],
    [{ userOnly: false }, {}],
    [{ user: 'u1' }, { userId: 'u1' }],
    [
      { minLevel: 'warn', host: 'h', service: 's', project: 'p' },
      { hosts: 'h', services: 's', projectId: 'p', maxLevel: { $gte: 30 }, userId: { $ne: null } },
    ],
    [
      { from: T, to: T + 1000, userOnly: false },
      {
        start: { $lte: new Date(T + 1000), $gte: new Date(T - 5000) },
        end: { $lte: new Date(T + 6000), $gte: new Date(T) },
      },
    ],
  ])('%j → %j', (params, expected) => {
    expect(buildRequestFilter(readRequestQuery(params), 5000)).toEqual(expected);
  });
});

describe('withoutImpliedOverlap', () => {
  const from = new Date('2026-11-20T00:00:00.000Z');
  const to = new Date('2026-11-21T00:00:00.000Z');
  const longest = 3_600_000;
  const overlap = {
    start: { $gte: new Date(from.getTime() - longest), $lte: to },
    end: { $gte: from, $lte: new Date(to.getTime() + longest) },
    userId: 'u1',
  };

  it('drops both end bounds from a slice of starts at or after from', () => {
    const slice = { ...overlap, start: { $gte: new Date(from.getTime() + 60_000), $lte: to } };
    expect(withoutImpliedOverlap(slice, 'start', { from, to })).toEqual({ start: slice.start, userId: 'u1' });
  });

  it('keeps both end bounds on the margin of starts before from (requests already running at from)', () => {
    const margin = { ...overlap, start: { $gte: new Date(from.getTime() - longest), $lt: from } };
    // end ∈ [from, to + longest] is what leads the planner to the end index, which holds the margin narrowly.
    expect(withoutImpliedOverlap(margin, 'start', { from, to })).toEqual(margin);
  });

  it('mirrors on a slice of ends: both start bounds go within the range, stay on the margin after to', () => {
    const inside = { ...overlap, end: { $gte: from, $lte: new Date(to.getTime() - 60_000) } };
    expect(withoutImpliedOverlap(inside, 'end', { from, to })).toEqual({ end: inside.end, userId: 'u1' });
    const after = { ...overlap, end: { $gt: to, $lte: new Date(to.getTime() + longest) } };
    expect(withoutImpliedOverlap(after, 'end', { from, to })).toEqual(after);
  });

  it('keeps only the selecting bound on a margin when an equality filter narrows the list', () => {
    const equals = { hosts: ['compute-1'] };
    const margin = { ...overlap, hosts: 'compute-1', start: { $gte: new Date(from.getTime() - longest), $lt: from } };
    expect(withoutImpliedOverlap(margin, 'start', { from, to, equals })).toEqual({ ...margin, end: { $gte: from } });
    const after = { ...overlap, hosts: 'compute-1', end: { $gt: to, $lte: new Date(to.getTime() + longest) } };
    expect(withoutImpliedOverlap(after, 'end', { from, to, equals })).toEqual({ ...after, start: { $lte: to } });
  });
});
