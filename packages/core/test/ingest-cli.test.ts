/** `logcas ingest` and `logcas rebuild` as an operator runs them: child processes on the real server. */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Store } from '../src/store/connection';
import { useTestDatabase } from './support/database';
import { waitFor } from './support/wait';
import { clearIngestedData, derivedData, generateOsloLog, openTestStore } from './ingest-fixtures';

const CORE = resolve(__dirname, '..');

interface Run {
  child: ChildProcess;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

function logcas(database: string, args: string[]): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: CORE,
    env: { ...process.env, LOGCAS_DB: database },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>(
    (resolveRun) => child.on('close', (code, signal) => resolveRun({ code, signal, stdout, stderr })),
  );
  return { child, done };
}

describe('logcas ingest / rebuild (CLI)', () => {
  const testDb = useTestDatabase();
  let store: Store;
  let dir: string;
  beforeAll(async () => {
    store = await openTestStore(testDb);
  });
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'logcas-cli-'));
    await clearIngestedData(store);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('names an unreadable file, still ingests the others, and exits non-zero', async () => {
    const api = join(dir, 'nova-api.log');
    const compute = join(dir, 'nova-compute.log.1');
    const missing = join(dir, 'glance-api.log');
    const a = generateOsloLog(60, 0);
    const b = generateOsloLog(40, 500);
    writeFileSync(api, a.text);
    writeFileSync(compute, b.text);
    const run = await logcas(testDb.name, ['ingest', '--host', 'ctl-1', api, missing, compute]).done;
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`cannot read ${missing}`);
    expect(run.stdout).toContain(`${api}: ${a.records} records, ${a.records} new`);
    expect(await store.logs().countDocuments({ service: 'nova-api', host: 'ctl-1' })).toBe(a.records);
    expect(await store.logs().countDocuments({ service: 'nova-compute', host: 'ctl-1' })).toBe(b.records);
  });

  it('ingests a file once however often it runs, and a rotated copy adds nothing', async () => {
    const file = join(dir, 'nova-api.log');
    const log = generateOsloLog(150);
    writeFileSync(file, log.text);
    expect((await logcas(testDb.name, ['ingest', file]).done).code).toBe(0);
    const again = await logcas(testDb.name, ['ingest', file]).done;
    expect(again.stdout).toContain('0 records, 0 new');
    copyFileSync(file, `${file}.1`);
    const rotated = await logcas(testDb.name, ['ingest', `${file}.1`]).done;
    expect(rotated.code).toBe(0);
    expect(rotated.stdout).toContain(`${log.records} records, 0 new, ${log.records} already stored`);
    expect(await store.logs().countDocuments()).toBe(log.records);
  });

  it('a --follow killed with SIGKILL mid-file resumes with every line stored exactly once', async () => {
    const file = join(dir, 'nova-compute.log');
    const first = generateOsloLog(10000, 0);
    const appended = generateOsloLog(400, 10000);
    writeFileSync(file, first.text);
    const total = first.records + appended.records;

    const killed = logcas(testDb.name, ['ingest', '--follow', '--host', 'compute-1', file]);
    await waitFor(async () => (await store.logs().countDocuments()) > 1000, 'the first batches');
    killed.child.kill('SIGKILL');
    expect((await killed.done).signal).toBe('SIGKILL');
    // Killed mid-file: part of the first content is stored, not all of it.
    expect(await store.logs().countDocuments()).toBeLessThan(first.records);
    appendFileSync(file, appended.text.slice(0, 5000));

    const resumed = logcas(testDb.name, ['ingest', '--follow', '--host', 'compute-1', file]);
    await waitFor(async () => (await store.logs().countDocuments()) > first.records, 'the resumed run');
    appendFileSync(file, appended.text.slice(5000));
    await waitFor(async () => (await store.logs().countDocuments()) >= total, 'every line');
    resumed.child.kill('SIGTERM');
    const end = await resumed.done;
    expect(end.code).toBe(0);
    expect(await store.logs().countDocuments()).toBe(total);
    // Every identical pair is there twice (occurrence numbers survived the kill), nothing else twice.
    const locks = await store.logs().countDocuments({ message: /Lock "compute_resources" acquired/ });
    expect(locks).toBe((first.text + appended.text).split('Lock "compute_resources" acquired').length - 1);

    const ingested = await derivedData(store);
    const rebuilt = await logcas(testDb.name, ['rebuild']).done;
    expect(rebuilt.code).toBe(0);
    expect(rebuilt.stdout).toContain(`rebuilt from ${total} logs`);
    expect(await derivedData(store)).toEqual(ingested);
  }, 240_000);
});
