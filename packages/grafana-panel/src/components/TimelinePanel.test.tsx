import React from 'react';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import {
  applyFieldOverrides,
  createTheme,
  dateTime,
  EventBusSrv,
  FieldType,
  LoadingState,
  toDataFrame,
  type DataFrame,
  type PanelProps,
  type TimeRange,
} from '@grafana/data';
import { locationService, setTemplateSrv, type TemplateSrv } from '@grafana/runtime';
import { plugin } from '../module';
import { MAIN_ID, relatedTable, requestFrame, requestsFrame, START } from '../../tests/fixtures/frames';
import { paddedRange, timeScale } from '../layout/scale';
import { DEFAULT_OPTIONS, type TimelineOptions } from '../types';
import { TimelinePanel } from './TimelinePanel';

const theme = createTheme();
const WIDTH = 1000;
const PLOT = WIDTH - 200;

function range(from: number, to: number): TimeRange {
  return { from: dateTime(from), to: dateTime(to), raw: { from: dateTime(from), to: dateTime(to) } };
}

function renderPanel(
  series: DataFrame[],
  options: Partial<TimelineOptions> = {},
  timeRange = range(START - 3_600_000, START + 3_600_000),
) {
  const onChangeTimeRange = jest.fn();
  const props = {
    id: 1,
    title: 'Timeline',
    data: { series, state: LoadingState.Done, timeRange },
    timeRange,
    timeZone: 'utc',
    options: { ...DEFAULT_OPTIONS, ...options },
    fieldConfig: { defaults: {}, overrides: [] },
    width: WIDTH,
    height: 500,
    transparent: false,
    renderCounter: 0,
    replaceVariables: (s: string) => s,
    onOptionsChange: jest.fn(),
    onFieldConfigChange: jest.fn(),
    onChangeTimeRange,
    eventBus: new EventBusSrv(),
  } as unknown as PanelProps<TimelineOptions>;
  const utils = render(<TimelinePanel {...props} />);
  return { ...utils, onChangeTimeRange };
}

const canvas = () => screen.getByTestId('timeline-canvas');
const markColors = () => JSON.parse(canvas().getAttribute('data-mark-colors')!) as Record<string, number>;

describe('request mode', () => {
  const frame = requestFrame({ logs: 240 });
  // What LogCAS's Request detail query answers: the logs frame and a table of the related requests.
  const frames = [frame, relatedTable(frame)];
  const [from, to] = [frame.fields[0]!.values[0] as number, frame.fields[0]!.values[frame.length - 1] as number];
  const scale = timeScale(paddedRange(from, to).from, paddedRange(from, to).to, PLOT);

  function pointAt(laneLabel: string, time: number) {
    const label = screen.getAllByTestId('lane-label').find((el) => el.textContent === laneLabel)!;
    return { clientX: scale.x(time), clientY: parseFloat(label.style.top) + 11 };
  }

  it('draws lanes per service in order of first activity, grouped by request, with an axis', () => {
    renderPanel(frames);
    expect(screen.getByTestId('logcas-timeline')).toHaveAttribute('data-mode', 'request');
    expect(screen.getAllByTestId('group-label').map((g) => g.textContent)[0]).toBe(MAIN_ID);
    const lanes = screen.getAllByTestId('lane-label');
    expect(lanes.map((l) => l.textContent)).toEqual(
      expect.arrayContaining(['nova-api', 'keystone', 'nova-compute @ cmp-2', 'neutron-server']),
    );
    expect(lanes).toHaveLength(9);
    // Main request's 7 lanes come first, each starting no earlier than the one above.
    const firsts = lanes.slice(0, 7).map((l) => Number(l.getAttribute('data-first')));
    expect(firsts).toEqual([...firsts].sort((a, b) => a - b));
    expect(lanes[0]).toHaveTextContent('nova-api');
    expect(canvas()).toHaveAttribute('data-marks', '241');
    expect(screen.getByTestId('timeline-summary')).toHaveTextContent('3 requests · 9 lanes · 241 logs');
    const axis = screen.getByTestId('time-axis');
    expect(within(axis as unknown as HTMLElement).getAllByText(/^10:41:0\d$/).length).toBeGreaterThanOrEqual(3);
  });

  it('colours marks with the theme colours of their levels', () => {
    renderPanel(frames);
    const colors = markColors();
    const red = theme.visualization.getColorByName('red');
    expect(colors[red]).toBeGreaterThanOrEqual(1);
    expect(colors[theme.visualization.getColorByName('green')]).toBeGreaterThan(50);
    expect(Object.values(colors).reduce((a, b) => a + b, 0)).toBe(241);
    const errorLane = screen.getAllByTestId('lane-label').find((el) => el.textContent === 'nova-compute @ cmp-2')!;
    expect(errorLane).toHaveAttribute('data-level', 'ERROR');
  });

  it('shows time, level, logger and message on hover, and every field in a drawer on click', async () => {
    locationService.push('/d/logcas-overview?var-collection=archive');
    renderPanel(frames);
    const at = pointAt('nova-compute @ cmp-2', START + 3200);
    fireEvent.mouseMove(canvas(), at);
    const tip = screen.getByTestId('mark-tooltip');
    expect(tip).toHaveTextContent('ERROR');
    expect(tip).toHaveTextContent('2026-11-25 10:41:03.200');
    expect(tip).toHaveTextContent('nova.compute.manager');
    expect(tip).toHaveTextContent('Instance failed to spawn');

    fireEvent.mouseDown(canvas(), at);
    fireEvent.mouseUp(canvas(), at);
    const drawer = await screen.findByTestId('log-drawer');
    expect(within(drawer).getByTestId('log-traceback')).toHaveTextContent('libvirtError');
    const names = within(drawer)
      .getAllByTestId('log-field')
      .map((row) => row.querySelector('th')!.textContent);
    expect(names).toEqual(
      expect.arrayContaining([
        'timestamp',
        'body',
        'severity',
        'id',
        'requestId',
        'globalRequestId',
        'host',
        'service',
        'time',
        'labels.logger',
      ]),
    );
    // The Range window dashboard at that log's time, in the dashboard's collection.
    const href = within(drawer).getByTestId('range-window-link').getAttribute('href')!;
    expect(href).toBe(
      `/d/logcas-range?from=${START + 3200 - 60_000}&to=${START + 3200 + 60_000}` +
        `&var-around=${START + 3200}&var-span=60&var-collection=archive`,
    );
  });

  it('sets the dashboard time range from a drag', () => {
    const { onChangeTimeRange } = renderPanel(frames);
    fireEvent.mouseDown(canvas(), { clientX: 100, clientY: 30 });
    fireEvent.mouseMove(canvas(), { clientX: 300, clientY: 30 });
    expect(screen.getByTestId('zoom-selection')).toBeInTheDocument();
    fireEvent.mouseUp(canvas(), { clientX: 300, clientY: 30 });
    expect(onChangeTimeRange).toHaveBeenCalledWith({
      from: Math.round(scale.time(100)),
      to: Math.round(scale.time(300)),
    });
    expect(screen.queryByTestId('log-drawer')).not.toBeInTheDocument();
  });

  it('follows the options: hidden levels, density, colours, grouping', () => {
    const { rerender } = renderPanel(frames, { showInfo: false, showDebug: false });
    expect(Number(canvas().getAttribute('data-marks'))).toBeLessThan(50);
    expect(screen.getByTestId('request-chart')).toHaveAttribute(
      'data-hidden',
      String(241 - Number(canvas().getAttribute('data-marks'))),
    );
    expect(screen.getByTestId('timeline-summary')).toHaveTextContent(/· \d+ INFO\/DEBUG marks hidden$/);
    rerender(<></>);
    renderPanel([requestFrame({ logs: 10_000 })], { maxMarks: 1000 });
    expect(screen.getByTestId('request-chart')).toHaveAttribute('data-aggregated', 'true');
    expect(screen.getByTestId('timeline-summary')).toHaveTextContent('10001 logs · density view above 1000 marks');
    rerender(<></>);
  });

  it('uses custom level colours and lane grouping', () => {
    renderPanel(frames, { levelColors: { ...DEFAULT_OPTIONS.levelColors, ERROR: '#ff00ff' }, laneGrouping: 'host' });
    expect(markColors()['#ff00ff']).toBeGreaterThanOrEqual(1);
    expect(screen.getAllByTestId('lane-label').map((l) => l.textContent)).toEqual(
      expect.arrayContaining(['cmp-1', 'cmp-2', 'ctl-1']),
    );
  });
});

describe('many lanes', () => {
  it('scrolls: the canvas stays viewport-sized and hover maps to the scrolled lane', () => {
    const hosts = Array.from({ length: 60 }, (_, i) => `cmp-${String(i).padStart(2, '0')}`);
    const frame = toDataFrame({
      fields: [
        { name: 'time', type: FieldType.time, values: hosts.map((_, i) => START + i * 100) },
        { name: 'host', type: FieldType.string, values: hosts },
        { name: 'level', type: FieldType.string, values: hosts.map(() => 'INFO') },
        { name: 'message', type: FieldType.string, values: hosts.map((h) => `boot on ${h}`) },
      ],
    });
    renderPanel([frame]);
    const scroll = screen.getByTestId('timeline-scroll');
    expect(canvas()).toHaveAttribute('data-content-height', String(60 * 22));
    expect(parseFloat(canvas().style.height)).toBeLessThan(500);
    scroll.scrollTop = 22 * 40;
    fireEvent.scroll(scroll);
    const extent = paddedRange(START, START + 5900);
    const x = timeScale(extent.from, extent.to, PLOT).x(START + 41 * 100);
    fireEvent.mouseMove(canvas(), { clientX: x, clientY: 22 + 11 });
    expect(screen.getByTestId('mark-tooltip')).toHaveTextContent('boot on cmp-41');
  });
});

describe('requests mode', () => {
  const frame = requestsFrame(200);

  /** Renders the bars and clicks the earliest; returns its request id. */
  function clickFirstBar(series: DataFrame[]): string {
    const windowRange = range(START, START + 10 * 60_000);
    renderPanel(series, {}, windowRange);
    const scale = timeScale(START, START + 10 * 60_000, WIDTH);
    const starts = frame.fields.find((f) => f.name === 'start')!.values as number[];
    const first = starts.indexOf(Math.min(...starts));
    const x = scale.x(starts[first]!) + 1;
    act(() => {
      fireEvent.mouseDown(canvas(), { clientX: x, clientY: 5 });
      fireEvent.mouseUp(canvas(), { clientX: x, clientY: 5 });
    });
    return frame.fields[0]!.values[first] as string;
  }

  /** The dashboard's variables as Grafana's template service lists them. */
  const dashboardVariables = (names: string[]) =>
    setTemplateSrv({ getVariables: () => names.map((name) => ({ name })) } as unknown as TemplateSrv);

  afterEach(() => jest.restoreAllMocks());

  it('draws bars and tells what was in flight', () => {
    const windowRange = range(START, START + 10 * 60_000);
    renderPanel([frame], {}, windowRange);
    expect(screen.getByTestId('logcas-timeline')).toHaveAttribute('data-mode', 'requests');
    const chart = screen.getByTestId('requests-chart');
    expect(chart).toHaveAttribute('data-bars', '200');
    expect(Number(chart.getAttribute('data-rows'))).toBeGreaterThan(1);
    expect(canvas()).toHaveAttribute('data-spans', '200');
    const scale = timeScale(START, START + 10 * 60_000, WIDTH);
    const starts = frame.fields.find((f) => f.name === 'start')!.values as number[];
    const first = starts.indexOf(Math.min(...starts));
    fireEvent.mouseMove(canvas(), { clientX: scale.x(starts[first]!) + 1, clientY: 5 });
    expect(screen.getByTestId('requests-tooltip')).toHaveTextContent(/in flight/);
    expect(screen.getByTestId('bar-tooltip')).toHaveTextContent(frame.fields[0]!.values[first] as string);
  });

  it('a click drills in place when the dashboard has the request variable', () => {
    dashboardVariables(['collection', 'request']);
    const partial = jest.spyOn(locationService, 'partial').mockImplementation(() => undefined);
    const requestId = clickFirstBar([frame]);
    expect(partial).toHaveBeenCalledWith({ 'var-request': requestId });
  });

  it("without the variable, a click follows the request id field's data link", () => {
    dashboardVariables(['host']);
    const push = jest.spyOn(locationService, 'push').mockImplementation(() => undefined);
    // A data link on the request id field (as the LogCAS datasource sends them); Grafana's field override
    // step gives the panel the field's getLinks.
    const withLink: DataFrame = {
      ...frame,
      fields: frame.fields.map((f) =>
        f.name === 'requestId'
          ? { ...f, config: { ...f.config, links: [{ title: 'Open', url: '/d/my-requests' }] } }
          : f,
      ),
    };
    const linked = applyFieldOverrides({
      data: [withLink],
      fieldConfig: { defaults: {}, overrides: [] },
      fieldConfigRegistry: plugin.fieldConfigRegistry,
      replaceVariables: (text) => text,
      theme,
    });
    clickFirstBar(linked);
    expect(push).toHaveBeenCalledWith('/d/my-requests');
  });

  it('without the variable or a data link, a click opens the Request detail dashboard', () => {
    dashboardVariables(['host']);
    locationService.push('/d/logcas-archive?from=1000&to=2000&var-collection=archive');
    const push = jest.spyOn(locationService, 'push').mockImplementation(() => undefined);
    const requestId = clickFirstBar([frame]);
    expect(push).toHaveBeenCalledWith(
      `/d/logcas-request?from=1000&to=2000&var-request=${requestId}&var-collection=archive`,
    );
  });
});

describe('empty and malformed data', () => {
  it.each([
    ['no frames', [], /No data/],
    [
      'a frame without a time field',
      [toDataFrame({ fields: [{ name: 'service', values: ['nova-api'] }] })],
      /no time field/,
    ],
    [
      'a frame without service or host',
      [
        toDataFrame({
          fields: [
            { name: 'time', type: FieldType.time, values: [START] },
            { name: 'body', values: ['x'] },
          ],
        }),
      ],
      /no service or host field/,
    ],
    ['garbage', [{ fields: null }, 42] as unknown as DataFrame[], /No data/],
    [
      "an empty answer with the datasource's hint",
      [{ fields: [], length: 0, meta: { notices: [{ severity: 'info', text: 'No request chosen: enter one.' }] } }],
      /No request chosen: enter one\./,
    ],
  ])('%s shows a message instead of a chart', (_name, series, message) => {
    renderPanel(series as DataFrame[]);
    expect(screen.getByText(message)).toBeInTheDocument();
    expect(screen.queryByTestId('timeline-canvas')).not.toBeInTheDocument();
  });
});
