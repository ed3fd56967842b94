/** Hand-built records and helpers shared by the ingestion tests. */
import { emptyContext } from '@logcas/contract';
import type { ParsedLog } from '../src/model/record';
import { levelName } from '@logcas/contract';
import { detectCapabilities } from '../src/store/connection';
import { storeOver, type Store } from '../src/store/connection';
import { viewCollection, type DataSet } from '../src/store/collections';
import { ensureIndexes } from '../src/store/indexes';
import type { TestDatabase } from './support/database';

export function parsedLog(overrides: Partial<ParsedLog> & { ts: Date; message: string }): ParsedLog {
  const level = overrides.level ?? 20;
  const record: ParsedLog = {
    ...emptyContext(),
    level,
    levelName: levelName(level),
    host: 'compute-1',
    service: 'nova-compute',
    logger: 'nova.compute.manager',
    pid: 4242,
    traceback: null,
    source: { channel: 'import' },
    extra: null,
    raw: '',
    ...overrides,
  };
  if (!overrides.raw) {
    record.raw = `${record.ts.toISOString()} ${record.pid} ${record.levelName} ${record.logger} [${record.requestId ?? '-'}] ${record.message}`;
  }
  return record;
}

export async function openTestStore(testDb: TestDatabase): Promise<Store> {
  await ensureIndexes(testDb.db);
  return storeOver(testDb.client, testDb.db, await detectCapabilities(testDb.db));
}

const VIEWS = ['errors', 'errorBuckets', 'errorRequests', 'resources', 'resourceRequests'] as const;

/** Empties what ingestion writes (live and archive views too), so each test starts from nothing. */
export async function clearIngestedData(store: Store): Promise<void> {
  const views = VIEWS.flatMap((view) =>
    (['live', 'archive'] as const).map((set) => store.collection(viewCollection(set, view))),
  );
  await Promise.all(
    [store.logs(), store.requests(), store.volume(), store.checkpoints(), ...views].map((c) => c.deleteMany({})),
  );
}

/** Sorts the set-like arrays of a derived document, so documents compare whatever order values arrived in. */
function setsSorted(doc: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...doc };
  for (const field of ['services', 'hosts', 'loggers', 'kinds']) {
    if (Array.isArray(out[field])) out[field] = [...(out[field] as string[])].sort();
  }
  return out;
}

/** Summaries, volume and the live error and resource views in a comparable form. */
export async function derivedData(store: Store, set: DataSet = 'live'): Promise<Record<string, unknown[]>> {
  const read = async (name: string) =>
    (await store.collection(name).find().sort({ _id: 1 }).toArray()).map((doc) => setsSorted(doc));
  const data: Record<string, unknown[]> = {};
  if (set === 'live') {
    data.requests = await read('requests');
    data.volume = await read('volume');
  }
  for (const view of VIEWS) data[view] = await read(viewCollection(set, view));
  return data;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

function osloTime(ms: number): string {
  const d = new Date(ms);
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`
  );
}

function uuid(n: number): string {
  const hex = n.toString(16).padStart(12, '0');
  return `6d2b3c1e-0b5f-4a4e-9d1c-${hex}`;
}

export interface GeneratedLog {
  /** The file text, every line ending with `\n`. */
  text: string;
  /** Records the text holds (a traceback's lines fold into one record). */
  records: number;
  /** Records carrying a request id. */
  requests: Set<string>;
}

/**
 * Realistic nova-compute lines: request-scoped INFO lines, DEBUG lines with oslo's `func path:line` suffix,
 * every 40th record an ERROR with a 5-line traceback, and every 25th record written twice, identically, in
 * the same millisecond (a real pattern: a retried periodic task). `first` numbers the records so two
 * generated pieces can be appended into one file.
 */
export function generateOsloLog(count: number, first = 0, startMs = Date.UTC(2026, 10, 24, 10, 41, 0)): GeneratedLog {
  const lines: string[] = [];
  const requests = new Set<string>();
  let records = 0;
  for (let i = first; i < first + count; i++) {
    const time = osloTime(startMs + i * 7);
    const request = `req-${uuid(Math.floor(i / 5))}`;
    const context = `[${request} 8f1e2d3c4b5a69788796a5b4c3d2e1f0 0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d - default default]`;
    const instance = `[instance: ${uuid(1000 + (i % 17))}]`;
    if (i % 40 === 39) {
      // oslo's exception prefix: time, pid, ERROR, logger and instance, never the context bracket.
      const prefix = `${time} 2931 ERROR nova.compute.manager ${instance}`;
      lines.push(
        `${time} 2931 ERROR nova.compute.manager ${context} ${instance} Instance failed to spawn: ValueError: disk ${i} is full`,
      );
      lines.push(`${prefix} Traceback (most recent call last):`);
      lines.push(
        `${prefix}   File "/usr/lib/python3/dist-packages/nova/compute/manager.py", line 2615, in _build_resources`,
      );
      lines.push(`${prefix}     yield resources`);
      lines.push(`${prefix} ValueError: disk ${i} is full`);
      requests.add(request);
    } else if (i % 25 === 24) {
      const line = `${time} 2931 DEBUG oslo_concurrency.lockutils [-] Lock "compute_resources" acquired by "nova.compute.resource_tracker.ResourceTracker._update_available_resource" :: waited 0.000s inner /usr/lib/python3/dist-packages/oslo_concurrency/lockutils.py:404`;
      lines.push(line, line);
      records += 1; // the second copy
    } else if (i % 3 === 0) {
      lines.push(
        `${time} 2931 DEBUG nova.compute.manager ${context} ${instance} Checking state _get_power_state /usr/lib/python3/dist-packages/nova/compute/manager.py:1782`,
      );
      requests.add(request);
    } else {
      lines.push(
        `${time} 2931 INFO nova.compute.claims ${context} ${instance} Claim successful on node compute-${i % 4} (${i})`,
      );
      requests.add(request);
    }
    records += 1;
  }
  return { text: lines.map((line) => `${line}\n`).join(''), records, requests };
}
