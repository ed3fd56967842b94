import { ValidationError } from '../errors';
import { epochSecondsToMs, readAnyTime, readDateTime, readSyslogTime, ZoneClock, type TimeRead } from './time';

describe('readDateTime', () => {
  const utc = new ZoneClock('UTC');
  it.each([
    ['2026-11-24 10:41:03.123', '2026-11-24T10:41:03.123Z', 23],
    ['2026-11-24 10:41:03,123', '2026-11-24T10:41:03.123Z', 23],
    ['2026-11-24 10:41:03', '2026-11-24T10:41:03.000Z', 19],
    ['2025-05-14T04:34:11.325123456Z', '2025-05-14T04:34:11.325Z', 30],
    ['2026-11-24T11:41:03+01:00', '2026-11-24T10:41:03.000Z', 25],
    ['2026-11-24T05:41:03.5-0500', '2026-11-24T10:41:03.500Z', 26],
  ])('reads %s', (text, iso, end) => {
    const out: TimeRead = { ms: NaN, end: 0 };
    expect(readDateTime(text, 0, utc, out)).toBe(true);
    expect([new Date(out.ms).toISOString(), out.end]).toEqual([iso, end]);
  });

  it.each([
    '2026-13-24 10:41:03',
    '2026-11-24_10:41:03',
    '26-11-24 10:41:03',
    'Traceback (most',
    '2026-11-24 25:00:00',
  ])('rejects %s', (text) => {
    expect(readDateTime(text, 0, utc, { ms: NaN, end: 0 })).toBe(false);
  });

  it('converts across a daylight-saving change', () => {
    const berlin = new ZoneClock('Europe/Berlin');
    const out: TimeRead = { ms: NaN, end: 0 };
    readDateTime('2026-03-29 01:59:00.000', 0, berlin, out);
    expect(new Date(out.ms).toISOString()).toBe('2026-03-29T00:59:00.000Z');
    readDateTime('2026-03-29 03:01:00.000', 0, berlin, out);
    expect(new Date(out.ms).toISOString()).toBe('2026-03-29T01:01:00.000Z');
  });
});

describe('readSyslogTime', () => {
  it.each([
    ['Jan 25 09:30:44', '2026-01-25T09:30:44.000Z'],
    ['Feb  3 00:00:01', '2026-02-03T00:00:01.000Z'],
    ['Dec 31 23:59:59.250000', '2026-12-31T23:59:59.250Z'],
  ])('reads %s', (text, iso) => {
    const out: TimeRead = { ms: NaN, end: 0 };
    expect(readSyslogTime(text, 0, 2026, new ZoneClock(), out)).toBe(true);
    expect(new Date(out.ms).toISOString()).toBe(iso);
  });

  it.each(['Foo 25 09:30:44', 'Jan 25 9:30:44', 'RESP BODY: {}'])('rejects %s', (text) => {
    expect(readSyslogTime(text, 0, 2026, new ZoneClock(), { ms: NaN, end: 0 })).toBe(false);
  });
});

describe('readAnyTime', () => {
  const utc = new ZoneClock();
  it.each([
    [1795516864.002, { ms: Date.UTC(2026, 10, 24, 10, 41, 4, 2), exact: true }],
    // oslo.log truncates: created .130767 is written .130, never .131.
    [1795516860.130767, { ms: Date.UTC(2026, 10, 24, 10, 41, 0, 130), exact: true }],
    ['1795516864', { ms: Date.UTC(2026, 10, 24, 10, 41, 4), exact: true }],
    ['1795516860.9999', { ms: Date.UTC(2026, 10, 24, 10, 41, 0, 999), exact: true }],
    [new Date(5), { ms: 5, exact: true }],
    ['2026-11-24 10:41:04,002', { ms: Date.UTC(2026, 10, 24, 10, 41, 4, 2), exact: false }],
    ['2026-11-24T11:41:04.002789+01:00', { ms: Date.UTC(2026, 10, 24, 10, 41, 4, 2), exact: true }],
    ['2026-11-24T10:41:04.002789Z', { ms: Date.UTC(2026, 10, 24, 10, 41, 4, 2), exact: true }],
    ['soon', null],
    [Number.POSITIVE_INFINITY, null],
    [{}, null],
  ])('reads %p', (input, expected) => {
    expect(readAnyTime(input, utc)).toEqual(expected);
  });

  it("takes the producer's msecs as the millisecond, as oslo's text line shows it", () => {
    expect(readAnyTime(1795516860.5, utc, 129.0)?.ms).toBe(Date.UTC(2026, 10, 24, 10, 41, 0, 129));
  });
});

describe('epochSecondsToMs', () => {
  // Python: int((created - int(created)) * 1000), the `msecs` of the text line, in the same float arithmetic.
  it.each([
    [1795516860.130767, 1795516860130],
    [1795516860.001, 1795516860000],
    [1700000000.58, 1700000000579],
    [1795516860, 1795516860000],
  ])('%p → %p', (seconds, ms) => {
    expect(epochSecondsToMs(seconds)).toBe(ms);
  });
});

describe('ZoneClock', () => {
  it('rejects an unknown zone with a ValidationError naming the parameter', () => {
    expect(() => new ZoneClock('Europe/Atlantis')).toThrow(ValidationError);
    try {
      new ZoneClock('Europe/Atlantis');
    } catch (error) {
      expect((error as ValidationError).parameter).toBe('timezone');
    }
  });
});
