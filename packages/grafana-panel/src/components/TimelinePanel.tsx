import React, { useCallback, useMemo, useState } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2, PanelProps } from '@grafana/data';
import { PanelDataErrorView } from '@grafana/runtime';
import { useStyles2, useTheme2 } from '@grafana/ui';
import { resolveLevelColors } from '../layout/colors';
import { viewRange } from '../layout/scale';
import { logDetail, prepare, type LogMark, type RequestBar, type TimelineView } from '../prepare';
import { isVisible } from '../layout/request';
import { withDefaults, type TimelineOptions } from '../types';
import { navigate, rangeWindowHref, requestNavigation } from './links';
import { LogDrawer } from './LogDrawer';
import { RequestChart } from './RequestChart';
import { RequestsChart } from './RequestsChart';

const SUMMARY_HEIGHT = 20;

/** The line above the chart: what is shown, and what the options hide or aggregate. */
function describe(view: TimelineView, options: TimelineOptions): string {
  if (view.kind === 'requests') return `${view.bars.length} requests`;
  if (view.kind === 'resource') {
    return [`${view.resourceId}`, `${view.bars.length} requests`, `${view.failed} failed`].join(' · ');
  }
  const lanes = view.groups.reduce((n, g) => n + g.lanes.length, 0);
  const parts = [
    `${view.groups.length === 1 ? '1 request' : `${view.groups.length} requests`}`,
    `${lanes} lanes`,
    `${view.count} logs`,
  ];
  let hidden = 0;
  for (const group of view.groups) {
    for (const lane of group.lanes) for (const mark of lane.marks) if (!isVisible(mark.level, options)) hidden++;
  }
  if (hidden > 0) parts.push(`${hidden} INFO/DEBUG marks hidden`);
  if (view.count - hidden > options.maxMarks) parts.push(`density view above ${options.maxMarks} marks`);
  return parts.join(' · ');
}

/**
 * The panel: prepare (pure, memoised) → warning or chart. It owns the only state that outlives a render:
 * which log's drawer is open. Charts get lanes/bars and callbacks, never frames.
 */
export function TimelinePanel(props: PanelProps<TimelineOptions>) {
  const { data, width, height, timeZone, onChangeTimeRange } = props;
  const options = useMemo(() => withDefaults(props.options), [props.options]);
  const styles = useStyles2(getStyles);
  const theme = useTheme2();
  const [selected, setSelected] = useState<LogMark | null>(null);
  const prepared = useMemo(
    () => prepare(data.series, { mode: options.mode, laneGrouping: options.laneGrouping }),
    [data.series, options.mode, options.laneGrouping],
  );
  const colors = useMemo(() => resolveLevelColors(theme, options.levelColors), [theme, options.levelColors]);
  const dashFrom = props.timeRange?.from?.valueOf();
  const dashTo = props.timeRange?.to?.valueOf();
  const range = useMemo(() => {
    if (!prepared.ok) return { from: 0, to: 1 };
    const { kind, from, to } = prepared.view;
    return viewRange(
      kind === 'resource' ? 'requests' : kind,
      { from, to },
      dashFrom !== undefined && dashTo !== undefined ? { from: dashFrom, to: dashTo } : undefined,
    );
  }, [prepared, dashFrom, dashTo]);
  const summary = useMemo(() => (prepared.ok ? describe(prepared.view, options) : ''), [prepared, options]);
  const onSelectRange = useCallback((from: number, to: number) => onChangeTimeRange({ from, to }), [onChangeTimeRange]);
  const onSelectRequest = useCallback(
    (bar: RequestBar) => navigate(requestNavigation(bar.requestId, bar.ref, data.series, options)),
    [data.series, options],
  );

  if (!prepared.ok) {
    return (
      <PanelDataErrorView panelId={props.id} data={data} fieldConfig={props.fieldConfig} message={prepared.warning} />
    );
  }
  const view = prepared.view;
  const chartHeight = Math.max(40, height - SUMMARY_HEIGHT);
  const detail = selected ? logDetail(data.series, selected.ref) : undefined;

  return (
    <div className={styles.panel} data-testid="logcas-timeline" data-mode={view.kind}>
      <div className={styles.summary} style={{ height: SUMMARY_HEIGHT }} data-testid="timeline-summary">
        {summary}
      </div>
      {view.kind === 'request' ? (
        <RequestChart
          view={view}
          options={options}
          colors={colors}
          range={range}
          width={width}
          height={chartHeight}
          timeZone={timeZone}
          onSelectLog={setSelected}
          onSelectRange={onSelectRange}
        />
      ) : (
        <RequestsChart
          view={view}
          colors={colors}
          range={range}
          width={width}
          height={chartHeight}
          timeZone={timeZone}
          onSelectRequest={onSelectRequest}
          onSelectRange={onSelectRange}
        />
      )}
      {selected && detail && (
        <LogDrawer
          detail={detail}
          lane={[selected.service, selected.host].filter(Boolean).join(' @ ') || 'log'}
          colors={colors}
          timeZone={timeZone}
          rangeHref={rangeWindowHref(detail.time, options.rangeSpanSeconds, options)}
          rangeSpanSeconds={options.rangeSpanSeconds}
          onClose={() => setSelected(null)}
        />
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  panel: css({ position: 'relative', overflow: 'hidden' }),
  summary: css({
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.text.secondary,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
  }),
});
