import { clusterRanges, containsAnyTime } from './intervals';

describe('clusterRanges', () => {
  it.each([
    [[], 10, []],
    [[{ from: 5, to: 5 }], 10, [{ from: 5, to: 5 }]],
    [
      [
        { from: 30, to: 30 },
        { from: 0, to: 0 },
        { from: 8, to: 8 },
      ],
      10,
      [
        { from: 0, to: 8 },
        { from: 30, to: 30 },
      ],
    ],
    [
      [
        { from: 0, to: 100 },
        { from: 50, to: 60 },
        { from: 105, to: 120 },
        { from: 200, to: 210 },
      ],
      5,
      [
        { from: 0, to: 120 },
        { from: 200, to: 210 },
      ],
    ],
  ])('groups %j with gap %d into %j', (input, gap, expected) => {
    expect(clusterRanges(input, gap)).toEqual(expected);
  });

  it('does not change its input', () => {
    const input = [
      { from: 9, to: 9 },
      { from: 1, to: 1 },
    ];
    clusterRanges(input, 100);
    expect(input).toEqual([
      { from: 9, to: 9 },
      { from: 1, to: 1 },
    ]);
  });
});

describe('containsAnyTime', () => {
  const times = [10, 20, 30];
  it.each([
    [0, 9, false],
    [0, 10, true],
    [11, 19, false],
    [15, 25, true],
    [30, 30, true],
    [31, 100, false],
  ])('[%d, %d] → %p', (from, to, expected) => {
    expect(containsAnyTime(times, from, to)).toBe(expected);
  });
  it('is false for no times', () => {
    expect(containsAnyTime([], 0, 100)).toBe(false);
  });
});
