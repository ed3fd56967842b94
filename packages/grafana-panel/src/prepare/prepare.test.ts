import { FieldType, toDataFrame, type DataFrame } from '@grafana/data';
import { GLOBAL_ID, MAIN_ID, relatedTable, requestFrame, requestsFrame, START } from '../../tests/fixtures/frames';
import { inFlightAt, logDetail, prepare, resolveMode, type RequestView, type RequestsView } from './index';
import { parseLevel } from './levels';

const REQUEST = { mode: 'request', laneGrouping: 'auto' } as const;

function requestView(frames: DataFrame[], grouping: 'auto' | 'service' | 'host' | 'serviceHost' = 'auto'): RequestView {
  const result = prepare(frames, { mode: 'request', laneGrouping: grouping });
  if (!result.ok) throw new Error(result.warning);
  if (result.view.kind !== 'request') throw new Error('expected request view');
  return result.view;
}

describe('prepare in request mode', () => {
  const frame = requestFrame({ logs: 240 });

  it('groups related requests, ordered by first activity, with lanes ordered by first log', () => {
    const view = requestView([frame]);
    expect(view.count).toBe(241);
    expect(view.groups.map((g) => g.requestId)[0]).toBe(MAIN_ID);
    expect(view.groups).toHaveLength(3);
    for (const group of view.groups) {
      expect(group.globalRequestId).toBe(GLOBAL_ID);
      const firsts = group.lanes.map((l) => l.first);
      expect(firsts).toEqual([...firsts].sort((a, b) => a - b));
      for (const lane of group.lanes) {
        const times = lane.marks.map((m) => m.time);
        expect(times).toEqual([...times].sort((a, b) => a - b));
        expect(lane.first).toBe(times[0]);
        expect(lane.last).toBe(times[times.length - 1]);
      }
    }
    const firsts = view.groups.map((g) => g.first);
    expect(firsts).toEqual([...firsts].sort((a, b) => a - b));
  });

  it('splits a service by host only when it ran on several hosts (auto)', () => {
    const main = requestView([frame]).groups.find((g) => g.requestId === MAIN_ID)!;
    const labels = main.lanes.map((l) => l.label);
    expect(labels).toEqual(
      expect.arrayContaining(['nova-api', 'keystone', 'nova-compute @ cmp-1', 'nova-compute @ cmp-2']),
    );
    expect(labels).not.toContain('nova-compute');
    expect(main.lanes.find((l) => l.label === 'nova-compute @ cmp-2')!.maxLevel).toBe('ERROR');
  });

  it.each([
    ['service', ['nova-compute'], ['nova-compute @ cmp-1']],
    ['host', ['cmp-1', 'cmp-2', 'ctl-1'], ['nova-api']],
    ['serviceHost', ['nova-api @ ctl-1', 'nova-compute @ cmp-1'], ['nova-api']],
  ] as const)('lane grouping %s', (grouping, present, absent) => {
    const labels = requestView([frame], grouping).groups.flatMap((g) => g.lanes.map((l) => l.label));
    expect(labels).toEqual(expect.arrayContaining([...present]));
    for (const label of absent) expect(labels).not.toContain(label);
  });

  it('reads any logs frame: case-insensitive names, level names or numbers, service from labels', () => {
    const loki = toDataFrame({
      fields: [
        { name: 'Time', type: FieldType.time, values: [START + 20, START, START + 10] },
        { name: 'Line', type: FieldType.string, values: ['c', 'a', 'b'] },
        {
          name: 'labels',
          type: FieldType.other,
          values: [{ service_name: 'api' }, { service_name: 'api' }, { service_name: 'db' }],
        },
        { name: 'Level', type: FieldType.number, values: [40, 20, 35] },
      ],
    });
    const view = requestView([loki]);
    expect(view.groups).toHaveLength(1);
    expect(view.groups[0]!.requestId).toBeNull();
    const [api, db] = view.groups[0]!.lanes;
    expect(api!.label).toBe('api');
    expect(api!.marks.map((m) => [m.message, m.level])).toEqual([
      ['a', 'INFO'],
      ['c', 'ERROR'],
    ]);
    expect(db!.marks[0]!.level).toBe('WARNING');
  });

  it('keeps references that read every field of a log back', () => {
    const view = requestView([frame]);
    const error = view.groups
      .flatMap((g) => g.lanes.flatMap((l) => l.marks))
      .find((m) => m.level === 'ERROR' && m.message.startsWith('Instance failed'))!;
    const detail = logDetail([frame], error.ref)!;
    expect(detail.traceback).toContain('libvirtError');
    expect(detail.fields.map((f) => f.name)).toEqual(
      expect.arrayContaining(['timestamp', 'body', 'severity', 'requestId', 'labels.level', 'labels.logger', 'time']),
    );
    expect(detail.message).toBe('Instance failed to spawn: libvirtError');
    expect(detail.traceback).toMatch(/^Traceback \(most recent call last\):/);
    expect(detail.fields.find((f) => f.name === 'timestamp')!.value).toBe(new Date(error.time).toISOString());
    expect(logDetail([frame], { frame: 3, row: 0 })).toBeUndefined();
  });
});

describe('a LogCAS Request detail answer (logs frame + related requests table)', () => {
  const logs = requestFrame({ logs: 120 });
  const frames = [logs, relatedTable(logs)];

  it('auto mode draws the lanes and ignores the table', () => {
    expect(resolveMode(frames, 'auto')).toBe('request');
    const result = prepare(frames, { mode: 'auto', laneGrouping: 'auto' });
    if (!result.ok || result.view.kind !== 'request') throw new Error('expected request view');
    expect(result.view.count).toBe(121);
    expect(result.view.groups).toHaveLength(3);
    const mark = result.view.groups[0]!.lanes[0]!.marks[0]!;
    expect(mark.logger).toMatch(/^nova\.api/);
    expect(mark.message).not.toContain('\n');
  });

  it('requests mode takes the bars from the table, not from the logs as well', () => {
    const result = prepare(frames, { mode: 'requests', laneGrouping: 'auto' });
    if (!result.ok || result.view.kind !== 'requests') throw new Error('expected requests view');
    expect(result.view.bars.map((b) => b.requestId)).toHaveLength(3);
    expect(result.view.bars.find((b) => b.requestId === MAIN_ID)!.level).toBe('ERROR');
  });
});

describe('prepare warnings', () => {
  it.each([
    ['no frames', [], /No data/],
    ['an empty frame', [toDataFrame({ fields: [] })], /No data/],
    [
      'no time field',
      [
        toDataFrame({
          fields: [
            { name: 'service', values: ['a'] },
            { name: 'body', values: ['x'] },
          ],
        }),
      ],
      /no time field.*service/,
    ],
    [
      'no service or host',
      [
        toDataFrame({
          fields: [
            { name: 'time', type: FieldType.time, values: [START] },
            { name: 'body', values: ['x'] },
          ],
        }),
      ],
      /no service or host field/,
    ],
    ['malformed entries', [null, { fields: 'nope' }] as unknown as DataFrame[], /No data/],
  ])('%s gives a readable warning', (_name, frames, message) => {
    const result = prepare(frames as DataFrame[], REQUEST);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.warning).toMatch(message);
  });

  it('requests mode names what a frame lacks', () => {
    const frame = toDataFrame({ fields: [{ name: 'x', values: [1] }] });
    const result = prepare([frame], { mode: 'requests', laneGrouping: 'auto' });
    expect(result).toEqual({ ok: false, warning: expect.stringMatching(/neither start\/end columns.*x \(number\)/) });
  });
});

describe('prepare in requests mode', () => {
  it('auto mode picks requests for a requests table and request for logs', () => {
    expect(resolveMode([requestsFrame(3)], 'auto')).toBe('requests');
    expect(resolveMode([requestFrame({ logs: 3 })], 'auto')).toBe('request');
  });

  it('makes bars from a requests table, ordered by start, labelled with method and path', () => {
    const result = prepare([requestsFrame(50)], { mode: 'auto', laneGrouping: 'auto' });
    if (!result.ok || result.view.kind !== 'requests') throw new Error('expected requests');
    const view: RequestsView = result.view;
    expect(view.bars).toHaveLength(50);
    const starts = view.bars.map((b) => b.start);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(view.bars[0]!.label).toMatch(/^(GET|POST|PUT|DELETE) \/\S+ → \d{3}$/);
    expect(new Set(view.bars.map((b) => b.level))).toEqual(new Set(['INFO', 'WARNING', 'ERROR']));
    const t = view.bars[10]!.start + 1;
    expect(inFlightAt(view.bars, t).every((b) => b.start <= t && b.end >= t)).toBe(true);
    expect(inFlightAt(view.bars, t)).toContain(view.bars[10]);
  });

  it('derives bars from logs grouped by request id', () => {
    const result = prepare([requestFrame({ logs: 100 })], { mode: 'requests', laneGrouping: 'auto' });
    if (!result.ok || result.view.kind !== 'requests') throw new Error('expected requests');
    const main = result.view.bars.find((b) => b.requestId === MAIN_ID)!;
    expect(main.level).toBe('ERROR');
    expect(main.services).toContain('nova-compute');
    expect(main.end).toBeGreaterThan(main.start);
  });
});

describe('parseLevel', () => {
  it.each([
    ['warn', 'WARNING'],
    ['Fatal', 'CRITICAL'],
    ['eror', 'ERROR'],
    [21, 'AUDIT'],
    [35, 'WARNING'],
    ['40', 'ERROR'],
    ['chatty', 'UNKNOWN'],
    [null, 'UNKNOWN'],
  ])('%p → %s', (input, expected) => expect(parseLevel(input)).toBe(expected));
});
