import { emptyContext } from '@logcas/contract';
import type { ParsedLog } from '../model/record';
import { OCCURRENCE_WINDOW_MS, OccurrenceCounter, stableId } from './stable-id';

function record(ms: number, raw: string, host = 'compute-1'): ParsedLog {
  return {
    ...emptyContext(),
    ts: new Date(ms),
    level: 20,
    levelName: 'INFO',
    host,
    service: 'nova-compute',
    logger: null,
    pid: null,
    message: raw,
    traceback: null,
    source: { file: `/var/log/nova/nova-compute.log`, offset: ms },
    extra: null,
    raw,
  };
}

describe('stable ids', () => {
  it('depends on host, service, time and text, never on the file or offset', () => {
    const a = record(1000, 'x');
    const rotated: ParsedLog = { ...a, source: { file: 'rotated.log.1', offset: 5 } };
    expect(stableId(a)).toBe(stableId(rotated));
    expect(stableId(a)).not.toBe(stableId(record(1000, 'y')));
    expect(stableId(a)).not.toBe(stableId(record(1001, 'x')));
    expect(stableId(a)).not.toBe(stableId(record(1000, 'x', 'compute-2')));
    expect(stableId(a)).not.toBe(stableId(a, 1));
    expect(stableId(a)).toMatch(/^[0-9a-f]{32}$/);
  });

  it('numbers identical texts in a stream, and a snapshot resumes the numbering exactly', () => {
    const stream = [
      record(1000, 'a'),
      record(1000, 'a'),
      record(1001, 'b'),
      record(1000, 'a'),
      record(1000 + OCCURRENCE_WINDOW_MS + 1, 'c'),
      record(1000, 'a'), // far behind the newest time: numbering of 'a' starts again
      record(9000, 'd'),
      record(9000, 'd'),
    ];
    const whole = new OccurrenceCounter();
    const expected = stream.map((r) => whole.nextId(r));
    expect(new Set(expected.slice(0, 4)).size).toBe(4);
    expect(expected[5]).toBe(expected[0]);
    for (let cut = 0; cut <= stream.length; cut++) {
      const first = new OccurrenceCounter();
      const ids = stream.slice(0, cut).map((r) => first.nextId(r));
      const resumed = new OccurrenceCounter(JSON.parse(JSON.stringify(first.snapshot())));
      ids.push(...stream.slice(cut).map((r) => resumed.nextId(r)));
      expect(ids).toEqual(expected);
    }
  });
});
