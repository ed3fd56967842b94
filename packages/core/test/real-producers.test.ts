/**
 * Real producers: records written by the real oslo.log (test/real-producers/emit.py, one process per service of
 * a two-host cloud, configured as OpenStack services configure logging) through every channel LogCAS reads —
 * text and JSON files, the Fluent handler to `logcas serve --forward`, journald and container wrappers of the
 * text, HTTP NDJSON — ingested by the real CLI, API and listener into the real database, and compared field by
 * field with what was emitted. Uses the virtualenv of scripts/oslo-venv.sh, made on first use (PyPI).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Store } from '../src/store/connection';
import { clearIngestedData, openTestStore } from './ingest-fixtures';
import { compareLogs, compareRequests, readEmitted, type ChannelTraits, type Emitted } from './real-producers/compare';
import { useTestDatabase } from './support/database';
import { ensureVenv } from './support/python-venv';
import { waitFor } from './support/wait';

const CORE = resolve(__dirname, '..');
const EMITTER = join(__dirname, 'real-producers/emit.py');
/** The venv's python, once scripts/oslo-venv.sh has made (or found) it. */
let PYTHON = '';

/** Makes the venv when missing, and fails with what is wrong rather than skipping. */
function requireVenv(): void {
  PYTHON = join(ensureVenv('oslo'), 'bin/python');
  const check = spawnSync(
    PYTHON,
    ['-c', 'import oslo_log.log, oslo_context.context, oslo_config.cfg, fluent.handler'],
    { encoding: 'utf8' },
  );
  if (check.status !== 0) throw new Error(`${PYTHON} cannot import oslo.log or fluent-logger: ${check.stderr}`);
}

interface Serve {
  child: ChildProcess;
  /** The API's base URL, ending in /api/v1. */
  api: string;
  forwardPort: number | null;
}

/** `logcas serve --port 0 [--forward 0]`, resolved once it says where it listens. */
async function serve(database: string, args: string[]): Promise<Serve> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--port', '0', ...args], {
    cwd: CORE,
    env: { ...process.env, LOGCAS_DB: database, LOGCAS_API_TOKEN: '' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  await waitFor(async () => stderr.includes('API listening on') || child.exitCode !== null, 'logcas serve', 60_000);
  const api = /API listening on (\S+)/.exec(stderr)?.[1];
  if (!api) throw new Error(`logcas serve did not start: ${stderr}`);
  const forward = /forward listener on \S+:(\d+)/.exec(stderr)?.[1];
  return { child, api, forwardPort: forward ? Number(forward) : null };
}

async function stop(process: ChildProcess | undefined): Promise<void> {
  if (!process || process.exitCode !== null) return;
  const exited = new Promise((done) => process.once('exit', done));
  process.kill('SIGTERM');
  await exited;
}

/** `logcas ingest`, failing with its output when it does not exit 0. */
function ingest(database: string, args: string[]): void {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'ingest', ...args], {
    cwd: CORE,
    env: { ...process.env, LOGCAS_DB: database },
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`logcas ingest ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
  if (run.stderr.includes('Warning')) throw new Error(`logcas ingest warned: ${run.stderr}`);
}

const TEXT: ChannelTraits = { pid: true, names: false, context: false };
const JSON_FORMATTER: ChannelTraits = { pid: true, names: true, context: true };
const FLUENT: ChannelTraits = { pid: false, names: true, context: true };

describe('real producers: what oslo.log wrote is what LogCAS stores, in every channel', () => {
  const forwardDb = useTestDatabase();
  const filesDb = useTestDatabase();
  let out: string;
  let emitted: Emitted[];
  let zones: Record<string, string>;
  let forwardStore: Store;
  let store: Store;
  let forwardServe: Serve | undefined;
  let apiServe: Serve | undefined;

  beforeAll(async () => {
    requireVenv();
    out = mkdtempSync(join(tmpdir(), 'logcas-real-producers-'));
    forwardStore = await openTestStore(forwardDb);
    store = await openTestStore(filesDb);
    forwardServe = await serve(forwardDb.name, ['--forward', '0']);
    const emit = spawnSync(PYTHON, [EMITTER, '--out', out, '--forward-port', String(forwardServe.forwardPort)], {
      encoding: 'utf8',
    });
    if (emit.status !== 0) throw new Error(`emit.py failed: ${emit.stderr}`);
    emitted = readEmitted(join(out, 'emitted.jsonl'));
    zones = JSON.parse(readFileSync(join(out, 'hosts.json'), 'utf8')) as Record<string, string>;
    apiServe = await serve(filesDb.name, []);
  }, 600_000);

  afterAll(async () => {
    await Promise.all([stop(forwardServe?.child), stop(apiServe?.child)]);
    if (out) rmSync(out, { recursive: true, force: true });
  });

  afterEach(async () => {
    if (store) await clearIngestedData(store);
  });

  async function expectStored(target: Store, traits: ChannelTraits): Promise<void> {
    const logs = await target.logs().find().toArray();
    const requests = await target.requests().find().toArray();
    const problems = [...compareLogs(emitted, logs, traits), ...compareRequests(emitted, requests)];
    if (problems.length > 0) throw new Error(`${problems.length} differences:\n${problems.slice(0, 40).join('\n')}`);
  }

  /** Ingests each host's folder of one channel with the host's time zone, as an operator would. */
  function ingestChannel(channel: string): void {
    for (const host of Object.keys(zones)) {
      ingest(filesDb.name, ['--host-from-dir', '--timezone', zones[host] as string, join(out, channel, host)]);
    }
  }

  it('emitted a scenario that covers what the channels must survive', () => {
    const levels = new Set(emitted.map((e) => e.levelName));
    expect([...levels].sort()).toEqual(['CRITICAL', 'DEBUG', 'ERROR', 'INFO', 'WARNING']);
    expect(new Set(emitted.map((e) => e.host)).size).toBe(2);
    expect(emitted.filter((e) => e.traceback !== null && e.levelName === 'DEBUG').length).toBeGreaterThan(0);
    expect(emitted.filter((e) => e.traceback !== null && e.levelName === 'WARNING').length).toBeGreaterThan(0);
    expect(emitted.some((e) => e.traceback?.includes('The above exception was the direct cause'))).toBe(true);
    expect(emitted.some((e) => e.continuation?.includes('qemu-system-x86_64'))).toBe(true);
    expect(emitted.some((e) => e.message.length > 16384)).toBe(true);
    const stamps = emitted.map((e) => `${e.host} ${e.service} ${e.ts} ${e.message}`);
    expect(new Set(stamps).size).toBeLessThan(stamps.length);
    expect(emitted.filter((e) => e.globalRequestId !== null).length).toBeGreaterThan(10);
  });

  it('Fluent handler → logcas serve --forward', async () => {
    await waitFor(
      async () => (await forwardStore.logs().countDocuments()) >= emitted.length,
      `${emitted.length} records through the forward listener`,
      30_000,
    );
    await expectStored(forwardStore, FLUENT);
  });

  it('text files (logcas ingest --timezone)', async () => {
    ingestChannel('text');
    await expectStored(store, TEXT);
  });

  it('JSON files (use_json = true)', async () => {
    ingestChannel('json');
    await expectStored(store, JSON_FORMATTER);
  });

  it.each([
    ['journald, one entry per record (oslo journal handler, journalctl -o short)', 'journal-entry'],
    ['journald, one entry per line (stdout, journalctl -o short)', 'journal-lines'],
    ['CRI container logs', 'cri'],
    ['kubectl logs --timestamps', 'kubectl'],
    ['pebble logs, Apache-hosted services with mod_wsgi error-log times', 'pebble'],
  ])('%s', async (_name, channel) => {
    ingestChannel(channel);
    await expectStored(store, TEXT);
  });

  it.each([
    ['JSONFormatter lines', 'json', JSON_FORMATTER, false],
    ['FluentFormatter records, naive times in the ?timezone= zone', 'http-fluent', FLUENT, true],
  ])('POST /ingest NDJSON: %s', async (_name, channel, traits, withZone) => {
    for (const host of Object.keys(zones)) {
      for (const file of readdirSync(join(out, channel, host))) {
        const service = file.replace(/\.log$/, '');
        const query = new URLSearchParams({ service, ...(withZone ? { timezone: zones[host] as string } : {}) });
        const response = await fetch(`${apiServe?.api}/ingest?${query}`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-ndjson' },
          body: readFileSync(join(out, channel, host, file)),
        });
        const body = (await response.json()) as { rejected: unknown[] };
        expect([response.status, body.rejected]).toEqual([200, []]);
      }
    }
    await expectStored(store, traits);
  });
});
