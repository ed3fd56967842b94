/**
 * @jest-environment node
 */
// The BUILT panel in headless Chromium: loaded by SystemJS + AMD extra next to Grafana's real shared modules,
// rendered from realistic frames; asserts what is drawn (lanes, marks by colour, axis) and saves screenshots.
import { relatedTable, requestFrame, requestsFrame, RESOURCE_ID, resourceFrame, START } from '../fixtures/frames';
import { paddedRange } from '../../src/layout/scale';
import { openPanelHarness, type PanelHarness } from './support';

const WIDTH = 1200;
const HEIGHT = 520;
const WIDE = { from: START - 3_600_000, to: START + 3_600_000 };

describe('built panel in Chromium', () => {
  let panel: PanelHarness;
  let theme: Record<'red' | 'green' | 'yellow' | 'blue', string>;
  let loaded: Awaited<ReturnType<PanelHarness['load']>>;

  beforeAll(async () => {
    panel = await openPanelHarness();
    loaded = await panel.load();
    theme = await panel.harness.page.evaluate(() => {
      const v = window.harness.theme().visualization;
      return {
        red: v.getColorByName('red'),
        green: v.getColorByName('green'),
        yellow: v.getColorByName('yellow'),
        blue: v.getColorByName('blue'),
      };
    });
  });

  afterAll(async () => panel?.close());

  afterEach(() => panel.harness.assertNoProblems());

  const page = () => panel.harness.page;
  const attr = (testId: string, name: string) => page().locator(`[data-testid="${testId}"]`).first().getAttribute(name);

  it('loads dist/module.js through SystemJS and the AMD extra; its plugin export is a PanelPlugin', async () => {
    expect(loaded).toEqual({ isPanelPlugin: true, hasPanel: true, hasOptions: true });
  });

  it('draws a realistic request: lanes, marks by level colour, axis, tooltip, drawer and zoom', async () => {
    const frame = requestFrame({ logs: 240 });
    // What LogCAS's Request detail query answers: the logs frame and a table of the related requests.
    await panel.store('request', [frame, relatedTable(frame)]);
    await panel.render({ frames: 'request', width: WIDTH, height: HEIGHT, ...WIDE });
    const lanes = await page().locator('[data-testid="lane-label"]').allTextContents();
    expect(lanes).toHaveLength(9);
    expect(new Set(lanes.map((l) => l.split(' @ ')[0])).size).toBeGreaterThanOrEqual(8);
    expect(lanes).toEqual(
      expect.arrayContaining(['nova-api', 'nova-compute @ cmp-1', 'nova-compute @ cmp-2', 'neutron-server']),
    );
    expect(await page().locator('[data-testid="group-label"]').count()).toBe(3);
    expect(await attr('timeline-canvas', 'data-marks')).toBe('241');
    const ticks = await page().locator('[data-testid="time-axis"] text').allTextContents();
    expect(ticks.length).toBeGreaterThanOrEqual(4);
    expect(ticks.every((t) => /^10:41:0\d(\.\d{3})?$/.test(t))).toBe(true);

    const pixels = await panel.canvas([theme.red, theme.green, theme.yellow, theme.blue]);
    expect(pixels.width).toBe(1000);
    const [red, green, yellow, blue] = pixels.counts;
    expect(red).toBeGreaterThan(0);
    expect(green).toBeGreaterThan(red!);
    expect(yellow).toBeGreaterThan(0);
    expect(blue).toBeGreaterThan(0);
    await panel.harness.screenshot('request-timeline');

    // Hover the ERROR of nova-compute on cmp-2 (at START + 3.2 s): its lane row and x from the same scale.
    const box = (await page().locator('[data-testid="timeline-canvas"]').boundingBox())!;
    const rowTop = await page()
      .locator('[data-testid="lane-label"]', { hasText: 'nova-compute @ cmp-2' })
      .evaluate((el) => parseFloat((el as HTMLElement).style.top));
    const times = frame.fields[0]!.values as number[];
    const { from, to } = paddedRange(times[0]!, times[times.length - 1]!);
    const x = box.x + ((START + 3200 - from) / (to - from)) * box.width;
    await page().mouse.move(x, box.y + rowTop + 11);
    const tooltip = page().getByRole('tooltip');
    await expect(tooltip.textContent()).resolves.toMatch(
      /ERROR.*10:41:03\.200.*nova\.compute\.manager.*Instance failed to spawn/,
    );
    await panel.harness.screenshot('request-tooltip');

    await page().mouse.down();
    await page().mouse.up();
    const drawer = page().locator('[data-testid="log-drawer"]');
    await drawer.waitFor();
    await expect(drawer.locator('[data-testid="log-traceback"]').textContent()).resolves.toContain('libvirtError');
    expect(await drawer.locator('[data-testid="log-field"]').count()).toBeGreaterThanOrEqual(11);
    // The drawer slides in; wait until it is fully inside the viewport before the screenshot.
    await page().waitForFunction(() => {
      const box = document.querySelector('[data-testid="log-drawer"]')?.getBoundingClientRect();
      return Boolean(box && box.right <= window.innerWidth + 1 && box.left > 0);
    });
    await panel.harness.screenshot('request-drawer');
    await page().getByRole('button', { name: 'Close', exact: true }).click();
    await drawer.waitFor({ state: 'detached' });

    await page().mouse.move(box.x + 100, box.y + 30);
    await page().mouse.down();
    await page().mouse.move(box.x + 400, box.y + 30, { steps: 5 });
    await page().mouse.up();
    const zooms = await page().evaluate(
      () => (window as unknown as { __zooms: Array<{ from: number; to: number }> }).__zooms,
    );
    expect(zooms).toHaveLength(1);
    expect(zooms[0]!.to - zooms[0]!.from).toBeGreaterThan(1000);
    expect(zooms[0]!.from).toBeGreaterThan(from);
  });

  it('draws 10,000 logs as density by default and as single marks when allowed', async () => {
    await panel.store('10k', [requestFrame({ logs: 10_000, spanMs: 60_000, seed: 3 })]);
    await panel.render({ frames: '10k', width: WIDTH, height: HEIGHT, ...WIDE });
    expect(await attr('request-chart', 'data-aggregated')).toBe('true');
    expect(await page().locator('[data-testid="lane-label"]').count()).toBe(9);
    const density = await panel.canvas([theme.red]);
    expect(density.painted).toBeGreaterThan(5000);
    expect(density.counts[0]).toBeGreaterThan(0);
    await panel.harness.screenshot('request-10k-density');

    await panel.render({ frames: '10k', options: { maxMarks: 20_000 }, width: WIDTH, height: HEIGHT, ...WIDE });
    expect(await attr('request-chart', 'data-aggregated')).toBe('false');
    expect(await attr('timeline-canvas', 'data-marks')).toBe('10001');
    const marks = await panel.canvas([theme.red]);
    expect(marks.counts[0]).toBeGreaterThan(0);
    await panel.harness.screenshot('request-10k-marks');
  });

  it('draws many requests as bars and tells what was in flight', async () => {
    await panel.store('requests', [requestsFrame(400)]);
    await panel.render({ frames: 'requests', width: WIDTH, height: HEIGHT, from: START, to: START + 10 * 60_000 });
    expect(await attr('logcas-timeline', 'data-mode')).toBe('requests');
    expect(await attr('requests-chart', 'data-bars')).toBe('400');
    expect(Number(await attr('timeline-canvas', 'data-texts'))).toBeGreaterThan(20);
    const pixels = await panel.canvas([theme.green, theme.red]);
    expect(pixels.painted).toBeGreaterThan(10_000);
    const box = (await page().locator('[data-testid="timeline-canvas"]').boundingBox())!;
    await page().mouse.move(box.x + box.width / 2, box.y + 5);
    await expect(page().getByRole('tooltip').textContent()).resolves.toMatch(/^10:4\d:\d\d\.\d{3}: \d+ in flight/);
    await panel.harness.screenshot('requests');
  });

  it("draws a resource's requests on one axis and marks the failed ones, named in the tooltip", async () => {
    await panel.store('resource', [resourceFrame()]);
    await panel.render({ frames: 'resource', width: WIDTH, height: 160, from: START - 60_000, to: START + 3_600_000 });
    expect(await attr('logcas-timeline', 'data-mode')).toBe('resource');
    expect(await attr('requests-chart', 'data-rows')).toBe('1');
    expect(await attr('requests-chart', 'data-bars')).toBe('7');
    expect(await attr('requests-chart', 'data-failed')).toBe('2');
    await expect(page().locator('[data-testid="timeline-summary"]').textContent()).resolves.toBe(
      `${RESOURCE_ID} · 7 requests · 2 failed`,
    );
    const orange = await page().evaluate(() => window.harness.theme().visualization.getColorByName('orange'));
    const pixels = await panel.canvas([theme.red, theme.green, orange]);
    expect(pixels.width).toBe(WIDTH);
    await panel.harness.screenshot('resource');
    // The failure markers are drawn opaque in the theme's red under the two failed bars.
    const [red, , markedWarning] = pixels.counts;
    expect(red).toBeGreaterThanOrEqual(2 * 10 * 5);
    expect(markedWarning).toBe(0);
    expect(pixels.painted).toBeGreaterThan(0);

    // Hover the failed attach (START + 14 min) on the one axis: the tooltip names it and says it failed.
    const box = (await page().locator('[data-testid="timeline-canvas"]').boundingBox())!;
    const from = START - 60_000;
    const to = START + 3_600_000;
    const x = box.x + ((START + 14 * 60_000 + 30_000 - from) / (to - from)) * box.width;
    await page().mouse.move(x, box.y + 12);
    const tooltip = page().getByRole('tooltip');
    await expect(tooltip.textContent()).resolves.toMatch(/ERROR.*os-volume_attachments.*Failed/);
    // Where a click leads (the dashboard's request variable, the id's data link, or Request detail) asks
    // Grafana's template service, which this harness does not run: TimelinePanel.test.tsx covers it.
  });

  it('shows a message for malformed data instead of crashing', async () => {
    const frames = [
      { name: 'broken', length: 1, fields: [{ name: 'msg', type: 'string', config: {}, values: ['x'] }] },
    ];
    await panel.store('broken', frames as never);
    await panel.render({ frames: 'broken', width: WIDTH, height: HEIGHT, ...WIDE });
    await expect(page().locator('#root').textContent()).resolves.toMatch(/no time field/);
  });
});
