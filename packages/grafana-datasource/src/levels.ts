/** LogCAS level numbers (the contract's level table) → Grafana's log level keys and colours. Pure. */
import { LogLevel } from '@grafana/data';
import { LEVELS } from '@logcas/contract/constants';

/** Grafana's level for a LogCAS level number: AUDIT (21) counts as info, TRACE as trace. */
export function grafanaLevel(level: number): LogLevel {
  if (level >= LEVELS.CRITICAL) return LogLevel.critical;
  if (level >= LEVELS.ERROR) return LogLevel.error;
  if (level >= LEVELS.WARNING) return LogLevel.warning;
  if (level >= LEVELS.INFO) return LogLevel.info;
  if (level >= LEVELS.DEBUG) return LogLevel.debug;
  return LogLevel.trace;
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
