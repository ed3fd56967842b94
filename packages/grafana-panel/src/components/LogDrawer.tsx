import React from 'react';
import { css } from '@emotion/css';
import { dateTimeFormat, type GrafanaTheme2, type TimeZone } from '@grafana/data';
import { Drawer, LinkButton, useStyles2 } from '@grafana/ui';
import type { LogDetail } from '../prepare';
import type { LevelName } from '../types';

export interface LogDrawerProps {
  detail: LogDetail;
  lane: string;
  colors: Record<LevelName, string>;
  timeZone: TimeZone;
  rangeHref: string;
  rangeSpanSeconds: number;
  onClose(): void;
}

/** Every field of one clicked log, its traceback, and a link to the range window around it. */
export function LogDrawer({ detail, lane, colors, timeZone, rangeHref, rangeSpanSeconds, onClose }: LogDrawerProps) {
  const styles = useStyles2(getStyles);
  const when = Number.isFinite(detail.time)
    ? dateTimeFormat(detail.time, { format: 'YYYY-MM-DD HH:mm:ss.SSS', timeZone })
    : 'unknown time';
  return (
    <Drawer title={`${detail.level} · ${lane}`} subtitle={when} onClose={onClose} size="md">
      <div data-testid="log-drawer" className={styles.body}>
        <div className={styles.level} style={{ borderColor: colors[detail.level] }}>
          <pre className={styles.message}>{detail.message}</pre>
        </div>
        {detail.traceback && (
          <>
            <h6>Traceback</h6>
            <pre className={styles.traceback} data-testid="log-traceback">
              {detail.traceback}
            </pre>
          </>
        )}
        {Number.isFinite(detail.time) && (
          <LinkButton href={rangeHref} icon="clock-nine" variant="secondary" size="sm" data-testid="range-window-link">
            {`Logs ±${rangeSpanSeconds}s around this log`}
          </LinkButton>
        )}
        <table className={styles.table}>
          <tbody>
            {detail.fields.map((f, i) => (
              <tr key={`${f.name}-${i}`} data-testid="log-field">
                <th className={styles.name}>{f.name}</th>
                <td className={styles.value}>{f.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Drawer>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  body: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(2) }),
  level: css({ borderLeft: '4px solid', paddingLeft: theme.spacing(1) }),
  message: css({ whiteSpace: 'pre-wrap', margin: 0, background: 'none', border: 'none', padding: 0 }),
  traceback: css({
    whiteSpace: 'pre',
    overflowX: 'auto',
    fontSize: theme.typography.bodySmall.fontSize,
    maxHeight: 360,
  }),
  table: css({ width: '100%', fontSize: theme.typography.bodySmall.fontSize, borderCollapse: 'collapse' }),
  name: css({
    textAlign: 'left',
    verticalAlign: 'top',
    padding: theme.spacing(0.5, 1, 0.5, 0),
    color: theme.colors.text.secondary,
    fontWeight: theme.typography.fontWeightMedium,
    whiteSpace: 'nowrap',
    borderBottom: `1px solid ${theme.colors.border.weak}`,
  }),
  value: css({
    padding: theme.spacing(0.5, 0),
    fontFamily: theme.typography.fontFamilyMonospace,
    wordBreak: 'break-all',
    whiteSpace: 'pre-wrap',
    borderBottom: `1px solid ${theme.colors.border.weak}`,
  }),
});
