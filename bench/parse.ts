/**
 * Parse benchmark: createTextParser over a generated oslo.log file of --size-mib MiB (default 100), read
 * in chunks the way file ingestion does (split lines, track byte offsets), on one core; then the Python
 * regex baseline (bench/parse_baseline.py) on the same file, and the ratio.
 *   npx tsx bench/parse.ts [--size-mib N] [--runs N] [--no-baseline]
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ChunkLineSplitter } from '../packages/core/src/parse/line-splitter';
import { createTextParser } from '../packages/core/src/parse/oslo-text';
import { generateOsloLog } from './generate-oslo-log';
import { flag } from './support';

const here = dirname(fileURLToPath(import.meta.url));
const MIB = 1024 * 1024;

interface ParseRun {
  /** CPU seconds of this process (user + system): the machine is shared, wall time is noisy. */
  seconds: number;
  wall: number;
  lines: number;
  records: number;
  tracebacks: number;
}

/** Reads the file in 4 MiB chunks, splits lines with byte offsets (ChunkLineSplitter), pushes every line. */
function parseFile(path: string): ParseRun {
  const parser = createTextParser({ file: path, service: 'mixed', host: 'bench-host' });
  const splitter = new ChunkLineSplitter();
  const fd = openSync(path, 'r');
  const buffer = Buffer.allocUnsafe(4 * MIB);
  let lines = 0;
  let records = 0;
  let tracebacks = 0;
  const sink = (line: string, offset: number): void => {
    lines++;
    for (const record of parser.push(line, offset)) {
      records++;
      if (record.traceback !== null) tracebacks++;
    }
  };
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  for (;;) {
    const read = readSync(fd, buffer, 0, buffer.length, null);
    if (read === 0) break;
    splitter.push(buffer.subarray(0, read), sink);
  }
  splitter.end(sink);
  for (const record of parser.flush()) {
    records++;
    if (record.traceback !== null) tracebacks++;
  }
  closeSync(fd);
  const used = process.cpuUsage(cpu);
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  return { seconds: (used.user + used.system) / 1e6, wall, lines, records, tracebacks };
}

async function main(): Promise<void> {
  const sizeMiB = flag('--size-mib', 100);
  const runs = flag('--runs', 3);
  const outDir = join(here, 'out');
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `oslo-${sizeMiB}MiB.log`);
  if (!existsSync(file)) {
    process.stderr.write(`generating ${file} …\n`);
    await generateOsloLog(file, sizeMiB);
  }
  const bytes = statSync(file).size;
  const mib = bytes / MIB;
  console.log(`file: ${file} (${mib.toFixed(1)} MiB), node ${process.version}, one core; rates use CPU time`);

  let best: ParseRun | null = null;
  for (let i = 0; i < runs; i++) {
    const run = parseFile(file);
    console.log(
      `  run ${i + 1}: ${run.seconds.toFixed(3)} s cpu (${run.wall.toFixed(3)} s wall)  ${(mib / run.seconds).toFixed(1)} MiB/s  ` +
        `${Math.round(run.lines / run.seconds).toLocaleString('en-US')} lines/s  ${run.records.toLocaleString('en-US')} records (${run.tracebacks} with traceback)`,
    );
    if (!best || run.seconds < best.seconds) best = run;
  }
  const ours = mib / (best as ParseRun).seconds;
  console.log(
    `createTextParser (best of ${runs}): ${ours.toFixed(1)} MiB/s, ${Math.round((best as ParseRun).lines / (best as ParseRun).seconds).toLocaleString('en-US')} lines/s (wall: ${(mib / (best as ParseRun).wall).toFixed(1)} MiB/s)`,
  );

  if (process.argv.includes('--no-baseline')) return;
  const py = spawnSync('python3', [join(here, 'parse_baseline.py'), file, String(runs)], { encoding: 'utf8' });
  if (py.status !== 0) {
    console.log(`python baseline failed: ${py.stderr || py.error}`);
    return;
  }
  const baseline = JSON.parse(py.stdout.trim().split('\n').pop() as string) as {
    seconds: number;
    wall: number;
    lines: number;
  };
  const theirs = mib / baseline.seconds;
  console.log(
    `python regex baseline (best of ${runs}): ${theirs.toFixed(1)} MiB/s, ${Math.round(baseline.lines / baseline.seconds).toLocaleString('en-US')} lines/s (wall: ${(mib / baseline.wall).toFixed(1)} MiB/s)`,
  );
  console.log(
    `ratio createTextParser / python: ${(ours / theirs).toFixed(2)}x  (target ≥150 MiB/s: ${ours >= 150 ? 'met' : 'missed'})`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
