import React from 'react';
import { css } from '@emotion/css';
import { dateTimeFormat, type GrafanaTheme2, type TimeZone } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import type { Tick } from '../layout/scale';

export interface TimeAxisProps {
  ticks: Tick[];
  width: number;
  offset: number;
  timeZone: TimeZone;
}

export const AXIS_HEIGHT = 22;

// Labels near the ends are anchored inwards so the first and last ones are not cut off.
function anchor(x: number, width: number): 'start' | 'middle' | 'end' {
  if (x < 45) return 'start';
  return x > width - 45 ? 'end' : 'middle';
}

/** The time axis under the chart, in SVG (a handful of ticks; the marks themselves are on the canvas). */
export function TimeAxis({ ticks, width, offset, timeZone }: TimeAxisProps) {
  const styles = useStyles2(getStyles);
  return (
    <svg
      className={styles.axis}
      width={width + offset}
      height={AXIS_HEIGHT}
      data-testid="time-axis"
      role="presentation"
    >
      <line x1={offset} x2={offset + width} y1={0.5} y2={0.5} className={styles.line} />
      {ticks.map((tick) => (
        <g key={tick.time} transform={`translate(${offset + Math.round(tick.x) + 0.5},0)`} data-time={tick.time}>
          <line y1={0} y2={5} className={styles.line} />
          <text y={16} textAnchor={anchor(tick.x, width)} className={styles.label}>
            {dateTimeFormat(tick.time, { format: tick.format, timeZone })}
          </text>
        </g>
      ))}
    </svg>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  axis: css({ display: 'block', overflow: 'visible', flexShrink: 0 }),
  line: css({ stroke: theme.colors.border.strong }),
  label: css({ fill: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
});
