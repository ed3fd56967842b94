import React, { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2, TimeZone } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import { paint, type DrawList } from '../layout/draw';
import { timeTicks, type TimeScale } from '../layout/scale';
import { AXIS_HEIGHT, TimeAxis } from './TimeAxis';

export interface CanvasChartProps {
  draw: DrawList;
  scale: TimeScale;
  width: number;
  height: number;
  timeZone: TimeZone;
  /** Width of the DOM label column left of the canvas (0 for none). */
  labelWidth: number;
  /** Label column content, positioned in content coordinates (it scrolls with the canvas). */
  labels?: React.ReactNode;
  /** Tooltip for a point in content coordinates, or null when nothing is under it. */
  tooltipAt(x: number, y: number): React.ReactNode | null;
  onClickAt(x: number, y: number): void;
  /** A drag across the chart selected [from, to] (epoch ms). */
  onSelectRange(from: number, to: number): void;
}

const DRAG_THRESHOLD = 4;

/** Marks per colour, published as a data attribute so tests (jsdom and Chromium) can check what is drawn. */
function colorCounts(rects: DrawList['marks']): string {
  const counts: Record<string, number> = {};
  for (const r of rects) counts[r.color] = (counts[r.color] ?? 0) + 1;
  return JSON.stringify(counts);
}

interface Pointer {
  x: number;
  y: number;
}

/**
 * Canvas with a label column, a time axis, hover tooltip, click and drag-to-select. The canvas is only as tall
 * as the viewport and sticks to it while the content scrolls, so very long lists stay cheap to paint.
 */
export function CanvasChart(props: CanvasChartProps) {
  const { draw, scale, width, height, labelWidth } = props;
  const styles = useStyles2(getStyles);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [hover, setHover] = useState<{ at: Pointer; content: React.ReactNode } | null>(null);
  const [drag, setDrag] = useState<{ start: number; end: number } | null>(null);
  // The axis follows the content when it is shorter than the panel, rather than sitting at the panel's bottom.
  const viewHeight = Math.max(20, Math.min(height - AXIS_HEIGHT, Math.max(draw.height, 1)));
  const canvasHeight = Math.min(viewHeight, Math.max(draw.height, 1));
  const plotWidth = scale.width;
  const markColors = useMemo(() => colorCounts(draw.marks), [draw]);

  useLayoutEffect(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext('2d');
    // jsdom has no canvas: tests assert the draw list through data attributes instead.
    if (!canvas || !ctx) return;
    const dpr = window.devicePixelRatio || 1;
    canvas.width = Math.round(plotWidth * dpr);
    canvas.height = Math.round(canvasHeight * dpr);
    paint(ctx, draw, scrollTop, canvasHeight, dpr);
  }, [draw, scrollTop, canvasHeight, plotWidth]);

  useEffect(() => setHover(null), [draw]);

  const pointerOf = (event: React.MouseEvent<HTMLElement>): Pointer => {
    const rect = event.currentTarget.getBoundingClientRect();
    return { x: event.clientX - rect.left, y: event.clientY - rect.top + scrollTop };
  };
  const onMouseMove = (event: React.MouseEvent<HTMLCanvasElement>) => {
    const at = pointerOf(event);
    if (drag) setDrag({ ...drag, end: at.x });
    const content = props.tooltipAt(at.x, at.y);
    setHover(content ? { at, content } : null);
  };
  const onMouseUp = (event: React.MouseEvent<HTMLCanvasElement>) => {
    const at = pointerOf(event);
    const start = drag?.start ?? at.x;
    setDrag(null);
    if (Math.abs(at.x - start) >= DRAG_THRESHOLD) {
      const [a, b] = [Math.min(start, at.x), Math.max(start, at.x)];
      props.onSelectRange(Math.round(scale.time(Math.max(0, a))), Math.round(scale.time(Math.min(plotWidth, b))));
    } else {
      props.onClickAt(at.x, at.y);
    }
  };

  const selection = drag && Math.abs(drag.end - drag.start) >= DRAG_THRESHOLD ? drag : null;
  return (
    <div className={styles.wrapper} style={{ width, height }}>
      <div
        className={styles.scroll}
        style={{ height: viewHeight }}
        data-testid="timeline-scroll"
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      >
        <div className={styles.content} style={{ height: Math.max(draw.height, 1), width }}>
          <div className={styles.labels} style={{ width: labelWidth }}>
            {props.labels}
          </div>
          <canvas
            ref={canvasRef}
            className={styles.canvas}
            style={{ marginLeft: labelWidth, width: plotWidth, height: canvasHeight }}
            aria-label="Timeline chart: hover for details, click to open, drag to zoom"
            data-testid="timeline-canvas"
            data-marks={draw.marks.length}
            data-mark-colors={markColors}
            data-spans={draw.spans.length}
            data-texts={draw.texts.length}
            data-content-height={draw.height}
            onMouseDown={(e) => setDrag({ start: pointerOf(e).x, end: pointerOf(e).x })}
            onMouseMove={onMouseMove}
            onMouseUp={onMouseUp}
            onMouseLeave={() => {
              setHover(null);
              setDrag(null);
            }}
          />
        </div>
      </div>
      {selection && (
        <div
          className={styles.selection}
          data-testid="zoom-selection"
          style={{
            left: labelWidth + Math.min(selection.start, selection.end),
            width: Math.abs(selection.end - selection.start),
            height: viewHeight,
          }}
        />
      )}
      {hover && (
        <div className={styles.cursor} style={{ left: labelWidth + Math.round(hover.at.x), height: viewHeight }} />
      )}
      {hover && (
        <div
          className={styles.tooltip}
          role="tooltip"
          style={{
            left: Math.min(labelWidth + hover.at.x + 12, Math.max(0, width - 320)),
            top: Math.min(hover.at.y - scrollTop + 12, Math.max(0, viewHeight - 60)),
          }}
        >
          {hover.content}
        </div>
      )}
      <TimeAxis ticks={timeTicks(scale)} width={plotWidth} offset={labelWidth} timeZone={props.timeZone} />
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  wrapper: css({ position: 'relative', display: 'flex', flexDirection: 'column' }),
  scroll: css({ overflowY: 'auto', overflowX: 'hidden', position: 'relative' }),
  content: css({ position: 'relative' }),
  labels: css({ position: 'absolute', left: 0, top: 0, bottom: 0, overflow: 'hidden' }),
  canvas: css({ position: 'sticky', top: 0, display: 'block', cursor: 'crosshair' }),
  selection: css({
    position: 'absolute',
    top: 0,
    background: theme.colors.primary.transparent,
    border: `1px solid ${theme.colors.primary.border}`,
    pointerEvents: 'none',
  }),
  cursor: css({
    position: 'absolute',
    top: 0,
    width: 1,
    background: theme.colors.text.disabled,
    pointerEvents: 'none',
  }),
  tooltip: css({
    position: 'absolute',
    zIndex: theme.zIndex.tooltip,
    maxWidth: 320,
    padding: theme.spacing(1),
    background: theme.colors.background.elevated,
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    boxShadow: theme.shadows.z2,
    fontSize: theme.typography.bodySmall.fontSize,
    pointerEvents: 'none',
    wordBreak: 'break-word',
  }),
});
