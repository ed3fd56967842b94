/** Level colours from option values (Grafana colour names or CSS colours) to CSS colours of the theme. */
import type { GrafanaTheme2 } from '@grafana/data';
import { LEVEL_NAMES, type LevelColors, type LevelName } from '../types';

export function resolveLevelColors(theme: GrafanaTheme2, colors: LevelColors): Record<LevelName, string> {
  const resolved = {} as Record<LevelName, string>;
  for (const level of LEVEL_NAMES) {
    const name = colors[level];
    // 'text' is not a palette colour; it means "the theme's secondary text colour" (unknown levels).
    resolved[level] = !name || name === 'text' ? theme.colors.text.secondary : theme.visualization.getColorByName(name);
  }
  return resolved;
}
