/**
 * The OpenAPI document's patterns are the server's rules: every time the pattern admits parses to exactly
 * the written day (no roll-over into the next month), every time it refuses is refused by the server too,
 * and a level matches the pattern exactly when the level table reads it.
 */
import { LEVEL_PATTERN, parseLevel, TIME_PATTERN } from '@logcas/contract';
import { parseTime } from './time';

const TIME = new RegExp(TIME_PATTERN);
const LEVEL = new RegExp(LEVEL_PATTERN);
const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

function parses(text: string): boolean {
  try {
    parseTime(text, 'from');
    return true;
  } catch {
    return false;
  }
}

describe('TIME_PATTERN', () => {
  it('admits exactly the calendar days that exist, and the server reads each as written', () => {
    let admitted = 0;
    for (const year of [0, 1900, 1999, 2000, 2023, 2024, 2100, 2400, 9999]) {
      for (let month = 0; month <= 13; month++) {
        for (let day = 0; day <= 32; day++) {
          const text = `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
          const exists =
            month >= 1 &&
            month <= 12 &&
            day >= 1 &&
            day <= new Date(Date.UTC(2000, month, 0)).getUTCDate() &&
            !(month === 2 && day === 29 && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)));
          expect([text, TIME.test(text)]).toEqual([text, exists]);
          expect([text, parses(text)]).toEqual([text, exists]);
          if (exists) {
            admitted += 1;
            expect(new Date(parseTime(text, 'from')).toISOString().slice(0, 10)).toBe(
              `${year === 0 ? '0000' : pad(year, 4)}-${pad(month)}-${pad(day)}`,
            );
          }
        }
      }
    }
    expect(admitted).toBe(9 * 365 + 4);
  });

  it.each([
    ['2026-11-24T10:41:03.123Z', true],
    ['2026-11-24 10:41:03', true],
    ['2026-11-24t10:41z', true],
    ['2026-11-24T10:41:03.123456789+05:30', true],
    ['2026-11-24T10:41+0100', true],
    ['2026-11-24Z', true],
    ['1795516863123', true],
    ['-1', true],
    ['999999999999999', true],
    ['2026-11-24T24:00:00Z', false],
    ['2026-11-24T10:60Z', false],
    ['2026-11-24T10:41:03.1234567890Z', false],
    ['2026-11-24T10:41+24:00', false],
    ['2026-11-24T10', false],
    [' 2026-11-24', false],
    ['1795516863123 ', false],
    ['0000000000000000000000000000000000000', false],
    ['+002026-11-24', false],
    ['٢٠٢٦-11-24', false],
  ])('%j → %s, and the server agrees', (text, admitted) => {
    expect(TIME.test(text)).toBe(admitted);
    expect(parses(text)).toBe(admitted);
  });
});

describe('LEVEL_PATTERN', () => {
  it('matches exactly what the level table reads', () => {
    const candidates = [
      'ERROR',
      'error',
      'Warn',
      'FATAL',
      'fatal',
      'audit',
      'TRACE',
      'debug',
      'info',
      'CRITICAL',
      'WARNING',
      'LOUD',
      'ERR',
      'ERRORS',
      'INFO1',
      '',
      '-1',
      '1.5',
      '0100',
      '1e2',
      ...Array.from({ length: 130 }, (_v, n) => String(n)),
      ...Array.from({ length: 120 }, (_v, n) => pad(n, 3)),
      ...Array.from({ length: 12 }, (_v, n) => pad(n, 2)),
    ];
    for (const text of candidates) expect([text, LEVEL.test(text)]).toEqual([text, parseLevel(text) !== undefined]);
  });
});
