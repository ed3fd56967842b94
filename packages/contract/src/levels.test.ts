import { LEVELS, levelName, parseLevel } from './levels';

describe('parseLevel', () => {
  it.each([
    ['INFO', 20],
    ['info', 20],
    [' Warning ', 30],
    ['WARN', 30],
    ['warn', 30],
    ['FATAL', 50],
    ['critical', 50],
    ['AUDIT', 21],
    ['trace', 5],
    ['40', 40],
    [10, 10],
  ])('reads %p as %p', (input, expected) => {
    expect(parseLevel(input)).toBe(expected);
  });

  it.each(['', 'verbose', '1000', -1, 1.5, 'INFO;DROP'])('rejects %p', (input) => {
    expect(parseLevel(input)).toBeUndefined();
  });
});

describe('levelName', () => {
  it('names every known level', () => {
    for (const [name, n] of Object.entries(LEVELS)) expect(levelName(n)).toBe(name);
  });
  it('names a number between levels after the level below it', () => {
    expect(levelName(35)).toBe('WARNING');
    expect(levelName(0)).toBe('TRACE');
  });
});
