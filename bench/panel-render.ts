/**
 * Panel render benchmark: the BUILT timeline panel (packages/grafana-panel/dist/module.js) in headless
 * Chromium on the shared browser harness. One "render" = mount from scratch with new data: prepare (frames →
 * lanes) + layout (draw list) + React commit + canvas paint + style/layout, timed inside the page.
 * Median of several runs after warm-up. Run: npm run bench:panel  (or npx tsx bench/panel-render.ts after a build)
 */
import { requestFrame, requestsFrame, START } from '../packages/grafana-panel/tests/fixtures/frames';
import { openPanelHarness, type RenderArgs } from '../packages/grafana-panel/tests/browser/support';

const RUNS = 9;
const WARMUP = 3;
const WIDE = { from: START - 3_600_000, to: START + 3_600_000 };

interface Case {
  name: string;
  frames: string;
  args: Omit<RenderArgs, 'frames'>;
  target?: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const panel = await openPanelHarness({ width: 1400, height: 900 });
  try {
    const loaded = await panel.load();
    if (!loaded.isPanelPlugin) throw new Error('dist/module.js did not export a PanelPlugin');
    await panel.store('1k', [requestFrame({ logs: 1_000, spanMs: 10_000 })]);
    await panel.store('10k', [requestFrame({ logs: 10_000, spanMs: 60_000 })]);
    await panel.store('requests', [requestsFrame(1_000)]);
    const size = { width: 1200, height: 600 };
    const cases: Case[] = [
      { name: 'request mode, 1,000 logs', frames: '1k', args: { ...size, ...WIDE }, target: 50 },
      {
        name: 'request mode, 10,000 logs (density, default maxMarks 5000)',
        frames: '10k',
        args: { ...size, ...WIDE },
        target: 250,
      },
      {
        name: 'request mode, 10,000 logs (every mark, maxMarks 20000)',
        frames: '10k',
        args: { ...size, ...WIDE, options: { maxMarks: 20_000 } },
        target: 250,
      },
      {
        name: 'requests mode, 1,000 requests',
        frames: 'requests',
        args: { ...size, from: START, to: START + 600_000 },
      },
    ];
    console.log(
      `Panel render in Chromium: median of ${RUNS} runs after ${WARMUP} warm-up; panel ${size.width}×${size.height}`,
    );
    console.log('  render = prepare + layout + React commit + canvas paint + style/layout (synchronous)');
    console.log('  on screen = the same until two animation frames later; first = the very first (cold) render');
    for (const c of cases) {
      const sync: number[] = [];
      const framed: number[] = [];
      let first = 0;
      for (let i = 0; i < WARMUP + RUNS; i++) {
        await panel.unmount();
        const ms = await panel.render({ frames: c.frames, ...c.args });
        if (i === 0) first = ms;
        if (i >= WARMUP) sync.push(ms);
        await panel.unmount();
        const onScreen = await panel.renderToFrame({ frames: c.frames, ...c.args });
        if (i >= WARMUP) framed.push(onScreen);
      }
      const m = median(sync);
      const verdict = c.target ? `  target < ${c.target} ms: ${m < c.target ? 'ok' : 'MISSED'}` : '';
      console.log(
        `${c.name.padEnd(58)} render ${m.toFixed(1).padStart(6)} ms  on screen ${median(framed).toFixed(1).padStart(6)} ms  first ${first.toFixed(1).padStart(6)} ms${verdict}`,
      );
    }
    panel.harness.assertNoProblems();
  } finally {
    await panel.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
