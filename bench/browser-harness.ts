// Times the browser harness: a cold shared-bundle build (forced), a warm cache check, and opening +
// closing a harness on the warm cache. Run: npx tsx bench/browser-harness.ts [--runs N]
import { ensureSharedBundle, openHarness } from '../tools/browser-harness/src';

const runsFlag = process.argv.indexOf('--runs');
const runs = runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 3;

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

function summary(label: string, samples: number[]): void {
  const sorted = [...samples].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? NaN;
  console.log(
    `${label.padEnd(34)} median ${median.toFixed(0).padStart(6)} ms   (${sorted.map((s) => s.toFixed(0)).join(', ')})`,
  );
}

async function main(): Promise<void> {
  const cold: number[] = [];
  const warm: number[] = [];
  const open: number[] = [];
  for (let i = 0; i < runs; i++) cold.push(await timed(() => ensureSharedBundle({ force: true })));
  for (let i = 0; i < runs; i++) warm.push(await timed(() => ensureSharedBundle()));
  for (let i = 0; i < runs; i++) open.push(await timed(async () => (await openHarness()).close()));
  const bundle = await ensureSharedBundle();
  console.log(`shared bundle: ${bundle.modules.length} modules, ${bundle.path}`);
  summary('cold build (esbuild, forced)', cold);
  summary('warm (cache hit, manifest check)', warm);
  summary('openHarness + close (warm cache)', open);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
