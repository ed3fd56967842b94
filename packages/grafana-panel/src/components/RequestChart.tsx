import React, { useMemo } from 'react';
import { css, cx } from '@emotion/css';
import { dateTimeFormat, type GrafanaTheme2, type TimeZone } from '@grafana/data';
import { useStyles2, useTheme2 } from '@grafana/ui';
import { hitMark, layoutRequest } from '../layout/request';
import { timeScale } from '../layout/scale';
import type { LogMark, RequestView } from '../prepare';
import type { LevelName, TimelineOptions } from '../types';
import { CanvasChart } from './CanvasChart';

export interface RequestChartProps {
  view: RequestView;
  options: TimelineOptions;
  colors: Record<LevelName, string>;
  range: { from: number; to: number };
  width: number;
  height: number;
  timeZone: TimeZone;
  onSelectLog(mark: LogMark): void;
  onSelectRange(from: number, to: number): void;
}

const LABEL_WIDTH = 200;

/** Request mode: a lane per service/host with a mark per log, lanes grouped by request id. */
export function RequestChart(props: RequestChartProps) {
  const { view, options, colors, width, height } = props;
  const styles = useStyles2(getStyles);
  const theme = useTheme2();
  const labelWidth = Math.min(LABEL_WIDTH, Math.floor(width * 0.3));
  const scale = useMemo(
    () => timeScale(props.range.from, props.range.to, width - labelWidth),
    [props.range, width, labelWidth],
  );
  const layout = useMemo(
    () =>
      layoutRequest(view, {
        scale,
        colors,
        showInfo: options.showInfo,
        showDebug: options.showDebug,
        maxMarks: options.maxMarks,
        gridColor: theme.colors.border.weak,
        font: `${theme.typography.bodySmall.fontSize} ${theme.typography.fontFamily}`,
      }),
    [view, scale, colors, options.showInfo, options.showDebug, options.maxMarks, theme],
  );

  const labels = layout.rows.map((row) => (
    <div
      key={row.key}
      className={cx(styles.row, row.kind === 'group' && styles.group)}
      style={{ top: row.y, height: row.height, width: labelWidth }}
      data-testid={row.kind === 'group' ? 'group-label' : 'lane-label'}
      data-level={row.level}
      data-first={row.lane?.first}
      title={`${row.label}${row.detail ? ` — ${row.detail}` : ''}`}
    >
      <span className={styles.swatch} style={{ background: colors[row.level] }} />
      <span className={styles.text}>{row.label}</span>
    </div>
  ));

  const tooltipAt = (x: number, y: number) => {
    const mark = hitMark(layout, scale, x, y);
    if (!mark) return null;
    return (
      <div data-testid="mark-tooltip">
        <div className={styles.tipHead}>
          <strong style={{ color: colors[mark.level] }}>{mark.level}</strong>{' '}
          {dateTimeFormat(mark.time, { format: 'YYYY-MM-DD HH:mm:ss.SSS', timeZone: props.timeZone })}
        </div>
        <div className={styles.tipMeta}>
          {[mark.service, mark.host].filter(Boolean).join(' @ ')}
          {mark.logger ? ` · ${mark.logger}` : ''}
        </div>
        <div>{mark.message.length > 300 ? `${mark.message.slice(0, 299)}…` : mark.message}</div>
      </div>
    );
  };

  return (
    <div data-testid="request-chart" data-aggregated={layout.aggregated} data-hidden={layout.hidden}>
      <CanvasChart
        draw={layout.draw}
        scale={scale}
        width={width}
        height={height}
        timeZone={props.timeZone}
        labelWidth={labelWidth}
        labels={labels}
        tooltipAt={tooltipAt}
        onClickAt={(x, y) => {
          const mark = hitMark(layout, scale, x, y);
          if (mark) props.onSelectLog(mark);
        }}
        onSelectRange={props.onSelectRange}
      />
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  row: css({
    position: 'absolute',
    left: 0,
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(0.75),
    paddingLeft: theme.spacing(0.5),
    paddingRight: theme.spacing(1),
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.text.primary,
    borderBottom: `1px solid ${theme.colors.border.weak}`,
  }),
  group: css({ fontWeight: theme.typography.fontWeightMedium, background: theme.colors.background.secondary }),
  swatch: css({ width: 4, alignSelf: 'stretch', margin: '4px 0', borderRadius: 2, flexShrink: 0 }),
  text: css({ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }),
  tipHead: css({ marginBottom: theme.spacing(0.25) }),
  tipMeta: css({ color: theme.colors.text.secondary, marginBottom: theme.spacing(0.5) }),
});
