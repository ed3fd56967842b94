import React, { useMemo } from 'react';
import { css } from '@emotion/css';
import { dateTimeFormat, type GrafanaTheme2, type TimeZone } from '@grafana/data';
import { useStyles2, useTheme2 } from '@grafana/ui';
import { hitBar, layoutRequests } from '../layout/requests';
import { timeScale } from '../layout/scale';
import { inFlightAt, type RequestBar, type RequestsView, type ResourceView } from '../prepare';
import { LEVEL_NAMES, type LevelName } from '../types';
import { CanvasChart } from './CanvasChart';

export interface RequestsChartProps {
  view: RequestsView | ResourceView;
  colors: Record<LevelName, string>;
  range: { from: number; to: number };
  width: number;
  height: number;
  timeZone: TimeZone;
  onSelectRequest(bar: RequestBar): void;
  onSelectRange(from: number, to: number): void;
}

function contrastColors(theme: GrafanaTheme2, colors: Record<LevelName, string>): Record<LevelName, string> {
  const result = {} as Record<LevelName, string>;
  for (const level of LEVEL_NAMES) result[level] = theme.colors.getContrastText(colors[level]);
  return result;
}

function duration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/**
 * Requests mode: every request as a bar from start to end, packed into rows; hover tells what was in flight.
 * Resource mode: one resource's requests on one axis, failed ones marked below their bar.
 */
export function RequestsChart(props: RequestsChartProps) {
  const { view, colors, width, height } = props;
  const styles = useStyles2(getStyles);
  const theme = useTheme2();
  const scale = useMemo(() => timeScale(props.range.from, props.range.to, width), [props.range, width]);
  const layout = useMemo(
    () =>
      layoutRequests(view, {
        scale,
        colors,
        gridColor: theme.colors.border.weak,
        textColors: contrastColors(theme, colors),
        font: `${theme.typography.bodySmall.fontSize} ${theme.typography.fontFamily}`,
        oneAxis: view.kind === 'resource',
        outcomeColors: {
          error: theme.visualization.getColorByName('red'),
          warning: theme.visualization.getColorByName('orange'),
        },
      }),
    [view, scale, colors, theme],
  );

  const tooltipAt = (x: number, y: number) => {
    const time = scale.time(x);
    const hit = hitBar(layout, x, y);
    const inFlight = inFlightAt(view.bars, time);
    return (
      <div data-testid="requests-tooltip">
        <div className={styles.head}>
          {dateTimeFormat(time, { format: 'HH:mm:ss.SSS', timeZone: props.timeZone })}: {inFlight.length} in flight
        </div>
        {hit && (
          <div data-testid="bar-tooltip">
            <div>
              <strong style={{ color: colors[hit.bar.level] }}>{hit.bar.level}</strong> {hit.bar.label}
            </div>
            {hit.bar.outcome && hit.bar.outcome !== 'ok' && (
              <div data-testid="bar-outcome">{hit.bar.outcome === 'error' ? 'Failed' : 'Warning'}</div>
            )}
            <div className={styles.meta}>
              {hit.bar.requestId} · {duration(hit.bar.end - hit.bar.start)}
              {hit.bar.count !== null ? ` · ${hit.bar.count} logs` : ''}
            </div>
            {hit.bar.services.length > 0 && <div className={styles.meta}>{hit.bar.services.join(', ')}</div>}
            <div className={styles.meta}>Click to open this request</div>
          </div>
        )}
      </div>
    );
  };

  return (
    <div
      data-testid="requests-chart"
      data-rows={layout.rows.length}
      data-bars={layout.bars.length}
      data-failed={layout.bars.filter((b) => b.bar.outcome === 'error').length}
    >
      <CanvasChart
        draw={layout.draw}
        scale={scale}
        width={width}
        height={height}
        timeZone={props.timeZone}
        labelWidth={0}
        tooltipAt={tooltipAt}
        onClickAt={(x, y) => {
          const hit = hitBar(layout, x, y);
          if (hit) props.onSelectRequest(hit.bar);
        }}
        onSelectRange={props.onSelectRange}
      />
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  head: css({ fontWeight: theme.typography.fontWeightMedium, marginBottom: theme.spacing(0.5) }),
  meta: css({ color: theme.colors.text.secondary }),
});
