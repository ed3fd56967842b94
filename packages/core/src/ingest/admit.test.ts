import { emptyContext } from '@logcas/contract';
import type { ParsedLog } from '../model/record';
import { ADMISSION_LIMITS, admitRecord, storableKey } from './admit';

const NOW = Date.parse('2026-11-25T15:00:00.000Z');

function record(overrides: Partial<ParsedLog> = {}): ParsedLog {
  return {
    ...emptyContext(),
    ts: new Date('2026-11-25T14:57:51.899Z'),
    level: 40,
    levelName: 'ERROR',
    host: 'compute-2',
    service: 'nova-compute',
    logger: 'nova.compute.manager',
    pid: 12705,
    message: 'Instance failed to spawn',
    traceback: null,
    source: { channel: 'http' },
    extra: null,
    raw: '{"message":"Instance failed to spawn"}',
    ...overrides,
  };
}

function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf: true };
  for (let i = 1; i < depth; i++) value = { n: value };
  return value;
}

describe('admitRecord: times', () => {
  it.each([
    ['created: 1e15 read as seconds (Invalid Date)', new Date(1e18), /not a representable date/],
    ['created: 8.64e12 read as seconds (year 275760)', new Date(8.64e15), /in the future/],
    ['a line with no time (the epoch)', new Date(0), /has no time/],
    ['1999-12-31', new Date('1999-12-31T23:59:59.999Z'), /before the accepted window \(2000-01-01/],
    ['25 h ahead', new Date(NOW + 25 * 3_600_000), /in the future/],
  ])('refuses %s', (_name, ts, reason) => {
    expect(admitRecord(record({ ts }), NOW).reason).toMatch(reason);
  });

  it.each([
    ['2000-01-01T00:00:00.000Z', new Date('2000-01-01T00:00:00.000Z')],
    ['23 h ahead (clock skew)', new Date(NOW + 23 * 3_600_000)],
    ['now', new Date(NOW)],
  ])('accepts %s', (_name, ts) => {
    expect(admitRecord(record({ ts }), NOW).record?.ts).toEqual(ts);
  });
});

describe('admitRecord: extra', () => {
  it.each([
    ['a.b', 'a\uff0eb'],
    ['$where', '\uff04where'],
    ['a$b', 'a$b'],
    ['', '(empty)'],
    ['a\u0000b', 'a\u2400b'],
    ['$a.b', '\uff04a\uff0eb'],
    ['oslo.versioned_objects', 'oslo\uff0eversioned_objects'],
  ])('stores key %j as %j', (key, stored) => {
    expect(storableKey(key)).toBe(stored);
    expect(admitRecord(record({ extra: { [key]: 1 } }), NOW).record?.extra).toEqual({ [stored]: 1 });
  });

  it('escapes keys at every depth, inside arrays too, and keeps colliding keys apart', () => {
    const extra = { outer: [{ 'x.y': 1 }], 'a.b': 1, 'a\uff0eb': 2, __proto__key: { $gt: '' } };
    expect(admitRecord(record({ extra }), NOW).record?.extra).toEqual({
      outer: [{ 'x\uff0ey': 1 }],
      'a\uff0eb': 1,
      'a\uff0eb (2)': 2,
      __proto__key: { '\uff04gt': '' },
    });
  });

  it('keeps a key named __proto__ as a key', () => {
    const extra = JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
    const admitted = admitRecord(record({ extra }), NOW).record?.extra as Record<string, unknown>;
    expect(Object.keys(admitted)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it(`cuts nesting below ${ADMISSION_LIMITS.maxDepth} levels into JSON text`, () => {
    const admitted = admitRecord(record({ extra: nested(200) }), NOW).record?.extra;
    let level: unknown = admitted;
    let depth = 0;
    while (typeof level === 'object' && level !== null) {
      level = (level as Record<string, unknown>).n ?? (level as Record<string, unknown>).leaf;
      depth += 1;
    }
    expect(depth).toBe(ADMISSION_LIMITS.maxDepth);
    expect(typeof level).toBe('string');
    expect(level as string).toMatch(/^\{"n":\{"n":/);
    expect((level as string).length).toBeLessThanOrEqual(1025);
  });

  it(`keeps the first ${ADMISSION_LIMITS.maxKeys} keys and array items and says how many went`, () => {
    const extra = Object.fromEntries(Array.from({ length: 50_000 }, (_v, i) => [`k${i}`, i]));
    const admitted = admitRecord(record({ extra }), NOW).record?.extra as Record<string, unknown>;
    expect(Object.keys(admitted)).toHaveLength(ADMISSION_LIMITS.maxKeys + 1);
    expect(admitted.k999).toBe(999);
    expect(admitted.droppedKeys).toBe(49_000);
    const list = admitRecord(record({ extra: { items: Array.from({ length: 5000 }, (_v, i) => i) } }), NOW).record
      ?.extra as Record<string, unknown>;
    expect(list.items).toHaveLength(ADMISSION_LIMITS.maxKeys - 1);
    expect(list.droppedKeys).toBe(5000 - (ADMISSION_LIMITS.maxKeys - 1));
  });

  it('turns numbers the servers can not store into text and nulls', () => {
    const admitted = admitRecord(
      record({ extra: { a: Number.NaN, b: Infinity, c: [-Infinity], d: 10n }, durationMs: Number.NaN }),
      NOW,
    ).record;
    expect(admitted?.extra).toEqual({ a: 'NaN', b: 'Infinity', c: ['-Infinity'], d: '10' });
    expect(admitted?.durationMs).toBeNull();
  });
});

describe('admitRecord: size', () => {
  it('refuses a record whose document would pass the limit, with its size', () => {
    const huge = 'x'.repeat(9 * 1024 * 1024);
    expect(admitRecord(record({ message: huge }), NOW).reason).toMatch(/too large to store: about 9\.0 MiB.*8\.0 MiB/);
    expect(admitRecord(record({ extra: { dump: huge } }), NOW).reason).toMatch(/too large/);
    expect(admitRecord(record({ message: 'x'.repeat(1024 * 1024) }), NOW).record).toBeDefined();
  });
});
