/** LogCAS level numbers (SPEC §3) → Grafana's log level keys and colours. Pure. */
import { LogLevel } from '@grafana/data';

/** Grafana's level for a LogCAS level number: AUDIT (21) counts as info, TRACE as trace. */
export function grafanaLevel(level: number): LogLevel {
  if (level >= 50) return LogLevel.critical;
  if (level >= 40) return LogLevel.error;
  if (level >= 30) return LogLevel.warning;
  if (level >= 20) return LogLevel.info;
  if (level >= 10) return LogLevel.debug;
  return LogLevel.trace;
}

/** Level number for a LogCAS level name (aliases WARN, FATAL), or undefined. */
export function levelNumber(name: string): number | undefined {
  const key = name.trim().toUpperCase();
  const table: Record<string, number> = {
    TRACE: 5,
    DEBUG: 10,
    INFO: 20,
    AUDIT: 21,
    WARNING: 30,
    WARN: 30,
    ERROR: 40,
    CRITICAL: 50,
    FATAL: 50,
  };
  if (/^\d{1,3}$/.test(key)) return Number(key);
  return table[key];
}

/** Colours Grafana's own logs volume uses for each level, so our Volume panels look the same. */
export const LEVEL_COLORS: Record<string, string> = {
  [LogLevel.critical]: 'purple',
  [LogLevel.error]: 'red',
  [LogLevel.warning]: 'yellow',
  [LogLevel.info]: 'green',
  [LogLevel.debug]: 'blue',
  [LogLevel.trace]: 'light-blue',
  [LogLevel.unknown]: 'text',
};
