/**
 * Log levels as oslo.log and Python's logging know them, with the numbers LogCAS stores and the API returns.
 * AUDIT (21) is oslo's extra level between INFO and WARNING. The one level table of the project: the engine,
 * the API and both Grafana plugins read levels through it.
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

/** Other spellings producers write, read as the canonical name. */
export const LEVEL_ALIASES: Readonly<Record<string, LevelName>> = { WARN: 'WARNING', FATAL: 'CRITICAL' };

/** The canonical names, lowest level first. */
export const LEVEL_NAMES = (Object.keys(LEVELS) as LevelName[]).sort((a, b) => LEVELS[a] - LEVELS[b]);

/** Highest level number accepted anywhere a level is given as a number. */
export const MAX_LEVEL_NUMBER = 100;

const NAMES_BY_NUMBER: ReadonlyMap<number, LevelName> = new Map(LEVEL_NAMES.map((name) => [LEVELS[name], name]));

/**
 * Reads a level given as a name (any case, aliases WARN and FATAL) or a number 0–100 (also as a string).
 * Returns undefined for anything else so callers can name the bad input in their own error.
 */
export function parseLevel(input: string | number): number | undefined {
  if (typeof input === 'number') {
    return Number.isInteger(input) && input >= 0 && input <= MAX_LEVEL_NUMBER ? input : undefined;
  }
  const text = input.trim();
  if (/^\d{1,3}$/.test(text)) return parseLevel(Number(text));
  const upper = text.toUpperCase();
  const name = LEVEL_ALIASES[upper] ?? upper;
  return Object.prototype.hasOwnProperty.call(LEVELS, name) ? LEVELS[name as LevelName] : undefined;
}

/** Canonical name of a level number; numbers between known levels take the name of the level below. */
export function levelName(level: number): LevelName {
  const exact = NAMES_BY_NUMBER.get(level);
  if (exact) return exact;
  let best: LevelName = 'TRACE';
  for (const name of LEVEL_NAMES) if (LEVELS[name] <= level) best = name;
  return best;
}
