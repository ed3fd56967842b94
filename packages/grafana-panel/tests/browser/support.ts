/**
 * Drives the BUILT panel (dist/module.js) in Debian's Chromium through the shared browser harness
 * (tools/browser-harness): SystemJS + AMD extra load the module with Grafana's real shared modules.
 * Used by the browser tests and by bench/panel-render.ts.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DataFrame } from '@grafana/data';
import { openHarness, type Harness } from '../../../../tools/browser-harness/src';
import type { TimelineOptions } from '../../src/types';

export const PLUGIN_ID = 'logcas-timeline-panel';
export const packageRoot = resolve(__dirname, '../..');
export const distDir = join(packageRoot, 'dist');
/** Git-ignored (the repository ignores every `screenshots/` folder). */
export const screenshotDir = join(packageRoot, 'screenshots');

/**
 * The in-page side, as plain JavaScript so no transpiler helper can leak into the page:
 * `window.logcasPanel.load()` imports the module, `render()` renders the panel with PanelProps built from
 * the page's own @grafana/data and returns the synchronous render time, `canvas()` reads pixels back.
 */
const PAGE_SCRIPT = `
window.logcasPanel = {
  module: null,
  frames: {},
  // Frames cross into the page once (10,000 rows take seconds to serialise) and are rendered by key.
  store(key, frames) {
    this.frames[key] = frames;
  },
  unmount() {
    window.harness.unmount();
  },
  async load() {
    this.module = await window.harness.load('/plugins/${PLUGIN_ID}/module.js');
    const data = window.harness.shared['@grafana/data'];
    const plugin = this.module.plugin;
    return { isPanelPlugin: plugin instanceof data.PanelPlugin, hasPanel: typeof plugin.panel === 'function', hasOptions: typeof plugin.getPanelOptionsSupplier() === 'function' };
  },
  render(args) {
    const data = window.harness.shared['@grafana/data'];
    const timeRange = { from: data.dateTime(args.from), to: data.dateTime(args.to), raw: { from: data.dateTime(args.from), to: data.dateTime(args.to) } };
    window.__zooms = [];
    const props = {
      id: 1, title: 'Timeline', timeRange, timeZone: 'utc', width: args.width, height: args.height,
      data: { series: this.frames[args.frames], state: 'Done', timeRange },
      // Grafana fills defaults from the options builder (its editor registry is not on this page); the panel
      // itself completes partial options with withDefaults(), which is what this relies on.
      options: args.options || {},
      fieldConfig: { defaults: {}, overrides: [] }, transparent: false, renderCounter: 0,
      replaceVariables: (s) => s, onOptionsChange() {}, onFieldConfigChange() {},
      onChangeTimeRange: (range) => window.__zooms.push(range),
      eventBus: new data.EventBusSrv(),
    };
    const root = document.getElementById('root');
    root.style.width = args.width + 'px';
    root.style.height = args.height + 'px';
    const started = performance.now();
    window.harness.render(this.module.plugin.panel, props);
    // Force style and layout so the figure includes the browser's work, not only React's.
    void document.body.getBoundingClientRect().height;
    return performance.now() - started;
  },
  // The same, but until the second animation frame after it: includes the browser presenting the result.
  renderToFrame(args) {
    const started = performance.now();
    this.render(args);
    return new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - started))));
  },
  canvas(colors) {
    const canvas = document.querySelector('[data-testid="timeline-canvas"]');
    const ctx = canvas.getContext('2d');
    const pixels = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    const wanted = colors.map((c) => { const el = document.createElement('canvas').getContext('2d'); el.fillStyle = c; return el.fillStyle; })
      .map((hex) => [parseInt(hex.slice(1, 3), 16), parseInt(hex.slice(3, 5), 16), parseInt(hex.slice(5, 7), 16)]);
    const counts = wanted.map(() => 0);
    let painted = 0;
    for (let i = 0; i < pixels.length; i += 4) {
      if (pixels[i + 3] === 0) continue;
      painted++;
      wanted.forEach((rgb, k) => {
        if (pixels[i + 3] === 255 && Math.abs(pixels[i] - rgb[0]) < 3 && Math.abs(pixels[i + 1] - rgb[1]) < 3 && Math.abs(pixels[i + 2] - rgb[2]) < 3) counts[k]++;
      });
    }
    return { width: canvas.width, height: canvas.height, painted, counts };
  },
};
`;

interface LoadResult {
  isPanelPlugin: boolean;
  hasPanel: boolean;
  hasOptions: boolean;
}

interface CanvasPixels {
  width: number;
  height: number;
  painted: number;
  counts: number[];
}

declare global {
  interface Window {
    logcasPanel: {
      load(): Promise<LoadResult>;
      store(key: string, frames: DataFrame[]): void;
      unmount(): void;
      render(args: RenderArgs): number;
      renderToFrame(args: RenderArgs): Promise<number>;
      canvas(colors: string[]): CanvasPixels;
    };
  }
}

export interface PanelHarness {
  harness: Harness;
  load(): Promise<LoadResult>;
  /** Sends frames to the page under a key (serialising 10,000 rows takes a while: do it once). */
  store(key: string, frames: DataFrame[]): Promise<void>;
  /**
   * Renders the panel from stored frames; resolves to the synchronous render time in ms (prepare + layout +
   * React commit + canvas paint + style/layout). Rendering again updates the mounted panel.
   */
  render(args: RenderArgs): Promise<number>;
  /** Like render(), timed until two animation frames later (the result is on screen). */
  renderToFrame(args: RenderArgs): Promise<number>;
  unmount(): Promise<void>;
  /** Painted pixels of the canvas, and how many are exactly each given CSS colour. */
  canvas(colors: string[]): Promise<CanvasPixels>;
  close(): Promise<void>;
}

export interface RenderArgs {
  /** Key given to store(). */
  frames: string;
  options?: Partial<TimelineOptions>;
  width: number;
  height: number;
  from: number;
  to: number;
}

/** Opens the harness with the built plugin mounted and the in-page helper installed. */
export async function openPanelHarness(viewport = { width: 1280, height: 900 }): Promise<PanelHarness> {
  if (!existsSync(join(distDir, 'module.js'))) {
    throw new Error(`${distDir}/module.js is missing: run "npm run build -w ${PLUGIN_ID}" first`);
  }
  const harness = await openHarness({ plugins: { [PLUGIN_ID]: distDir }, viewport, screenshotDir });
  await harness.page.addScriptTag({ content: PAGE_SCRIPT });
  const page = harness.page;
  return {
    harness,
    load: () => page.evaluate(() => window.logcasPanel.load()),
    // Frames are plain JSON (see tests/fixtures/frames.ts), so they cross into the page unchanged.
    // As one JSON string: Playwright's per-value serialisation of 10,000 rows takes over ten seconds.
    store: (key, frames) =>
      page.evaluate(([k, json]) => window.logcasPanel.store(k, JSON.parse(json)), [
        key,
        JSON.stringify(frames),
      ] as const),
    render: (args) => page.evaluate((a) => window.logcasPanel.render(a), args),
    renderToFrame: (args) => page.evaluate((a) => window.logcasPanel.renderToFrame(a), args),
    unmount: () => page.evaluate(() => window.logcasPanel.unmount()),
    canvas: (colors) => page.evaluate((c) => window.logcasPanel.canvas(c), colors),
    close: () => harness.close(),
  };
}
