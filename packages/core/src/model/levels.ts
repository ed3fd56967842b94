/**
 * Log levels as oslo.log and Python's logging know them, with the numbers LogCAS stores.
 * AUDIT (21) is oslo's extra level between INFO and WARNING.
 */
export const LEVELS = {
  TRACE: 5,
  DEBUG: 10,
  INFO: 20,
  AUDIT: 21,
  WARNING: 30,
  ERROR: 40,
  CRITICAL: 50,
} as const;

export type LevelName = keyof typeof LEVELS;
export type LevelNumber = (typeof LEVELS)[LevelName];

const ALIASES: Readonly<Record<string, LevelName>> = { WARN: 'WARNING', FATAL: 'CRITICAL' };

const NAMES_BY_NUMBER: ReadonlyMap<number, LevelName> = new Map(
  (Object.entries(LEVELS) as Array<[LevelName, number]>).map(([name, n]) => [n, name]),
);

/** Ascending list of level numbers, handy for volume series and validation messages. */
export const LEVEL_NUMBERS: readonly number[] = [...NAMES_BY_NUMBER.keys()].sort((a, b) => a - b);

/**
 * Reads a level given as a name (any case, aliases WARN and FATAL) or a number (also as a string).
 * Returns undefined for anything else so callers can name the bad input in their own error.
 */
export function parseLevel(input: string | number): number | undefined {
  if (typeof input === 'number') return Number.isInteger(input) && input >= 0 && input <= 100 ? input : undefined;
  const text = input.trim();
  if (/^\d{1,3}$/.test(text)) return parseLevel(Number(text));
  const upper = text.toUpperCase();
  const name = (ALIASES[upper] ?? upper) as LevelName;
  return Object.prototype.hasOwnProperty.call(LEVELS, name) ? LEVELS[name] : undefined;
}

/** Canonical name of a level number; numbers between known levels take the name of the level below. */
export function levelName(level: number): LevelName {
  const exact = NAMES_BY_NUMBER.get(level);
  if (exact) return exact;
  let best: LevelName = 'TRACE';
  for (const n of LEVEL_NUMBERS) if (n <= level) best = NAMES_BY_NUMBER.get(n) as LevelName;
  return best;
}
