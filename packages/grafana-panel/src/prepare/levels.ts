import { LEVEL_ALIASES, LEVELS } from '@logcas/contract/constants';
import type { LevelName } from '../types';

/** Level numbers as LogCAS stores them (the contract's level table); UNKNOWN sorts below everything. */
export const LEVEL_NUMBERS: Readonly<Record<LevelName, number>> = { UNKNOWN: 0, ...LEVELS };

/** Spellings of other producers that frames from other datasources may carry, besides LogCAS's own. */
const ALIASES: Readonly<Record<string, LevelName>> = {
  ...LEVEL_ALIASES,
  CRIT: 'CRITICAL',
  ERR: 'ERROR',
  EROR: 'ERROR',
  INFORMATION: 'INFO',
  DBUG: 'DEBUG',
  TRCE: 'TRACE',
  // Grafana's own log level names (Loki's detected_level, the Logs panel).
  ALERT: 'CRITICAL',
  EMERG: 'CRITICAL',
  NOTICE: 'INFO',
};

const ASCENDING = (Object.entries(LEVEL_NUMBERS) as Array<[LevelName, number]>).sort((a, b) => a[1] - b[1]);

/** Level name of a number; numbers between known levels take the level below (Python's logging does too). */
function levelFromNumber(n: number): LevelName {
  if (!Number.isFinite(n) || n <= 0) return 'UNKNOWN';
  let best: LevelName = 'UNKNOWN';
  for (const [name, value] of ASCENDING) if (value <= n) best = name;
  return best;
}

/** Reads a level given as a number, a numeric string or a name in any case; anything else is UNKNOWN. */
export function parseLevel(value: unknown): LevelName {
  if (typeof value === 'number') return levelFromNumber(value);
  if (typeof value !== 'string') return 'UNKNOWN';
  const text = value.trim().toUpperCase();
  if (/^\d{1,3}$/.test(text)) return levelFromNumber(Number(text));
  if (Object.prototype.hasOwnProperty.call(LEVEL_NUMBERS, text)) return text as LevelName;
  return ALIASES[text] ?? 'UNKNOWN';
}

/** The higher of two levels. */
export function maxLevel(a: LevelName, b: LevelName): LevelName {
  return LEVEL_NUMBERS[a] >= LEVEL_NUMBERS[b] ? a : b;
}
