import { createEventLog, describeEvent, type ForwardEvent } from './events';

const closed = (n: number): ForwardEvent => ({
  type: 'closed',
  remote: `10.0.0.${n}:4000`,
  kind: 'protocol',
  reason: 'malformed forward stream: byte 0xc1 is not msgpack',
});

describe('forward event log', () => {
  it('writes one line per problem and nothing for stored batches', () => {
    expect(describeEvent({ type: 'stored', inserted: 5, duplicates: 0 })).toBeNull();
    expect(
      describeEvent({
        type: 'rejected',
        remote: '10.0.0.7:51234',
        tag: 'openstack.nova',
        count: 5,
        reasons: ['a', 'b'],
      }),
    ).toBe('forward 10.0.0.7:51234: 5 record(s) rejected (tag openstack.nova): a; b; 3 more');
    expect(describeEvent(closed(1))).toBe(
      'forward 10.0.0.1:4000: closed (protocol): malformed forward stream: byte 0xc1 is not msgpack',
    );
  });

  it('writes at most `burst` lines per interval and sums up the rest in one line', () => {
    const lines: string[] = [];
    const log = createEventLog((line) => lines.push(line), { burst: 3, intervalMs: 60_000 });
    for (let n = 0; n < 1000; n += 1) log(closed(n));
    log({ type: 'refused', remote: '10.0.0.9:1', reason: '1000 connections already open' });
    log({ type: 'stored', inserted: 1, duplicates: 0 });
    expect(lines).toHaveLength(3);
    log.close();
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe('forward: 997 closed (protocol), 1 refused more problem(s) in the last 60 s not shown');
  });
});
