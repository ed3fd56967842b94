/**
 * Seeds the API benchmark's database once with N realistic logs, their request summaries and volume buckets;
 * a marker in `meta` lets later runs reuse it.
 */
import { prepareLogs } from '../packages/core/src/ingest/prepare';
import { OccurrenceCounter } from '../packages/core/src/ingest/stable-id';
import { emptyContext, levelName } from '@logcas/contract';
import type { ParsedLog } from '../packages/core/src/model/record';
import type { Store } from '../packages/core/src/store/connection';
import type { StoredLog, StoredRequest, StoredVolume } from '../packages/core/src/store/collections';
import { ensureIndexes } from '../packages/core/src/store/indexes';
import { volumeDeltas } from '../packages/core/src/store/rollups';

export const SEED_START = Date.parse('2026-11-20T00:00:00.000Z');
/** Mean gap between logs: 200k logs cover about 22 hours. */
export const SEED_GAP_MS = 400;
const SEED_MARKER = 'bench.api.seed';

const HOSTS = Array.from({ length: 12 }, (_, i) => (i < 3 ? `controller-${i + 1}` : `compute-${i - 2}`));
const SERVICES = [
  'nova-api',
  'nova-compute',
  'nova-conductor',
  'nova-scheduler',
  'neutron-server',
  'cinder-volume',
  'glance-api',
  'keystone',
];
const MESSAGES = [
  'Claim successful on node %s',
  'Took %d.%d seconds to spawn the instance on the hypervisor.',
  'GET /v2.1/servers/detail HTTP/1.1" status: 200 len: 1893 time: 0.2477829',
  'Lock "compute_resources" acquired by "nova.compute.resource_tracker.ResourceTracker._update_available_resource"',
  'Instance failed to spawn: libvirtError: internal error: process exited while connecting to monitor',
  'Quota exceeded for cores: Requested 8, but already used 40 of 48 cores',
];

// A small deterministic PRNG so every seed is the same data.
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function uuid(rand: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(rand() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The i-th batch of logs: requests of 2–20 logs across a few services, plus logs outside any request. */
export function* seedLogs(count: number): Generator<ParsedLog[]> {
  const rand = prng(42);
  let batch: ParsedLog[] = [];
  let produced = 0;
  let ts = SEED_START;
  while (produced < count) {
    const inRequest = rand() < 0.85;
    const size = inRequest ? 2 + Math.floor(rand() * 19) : 1;
    const requestId = inRequest ? `req-${uuid(rand)}` : null;
    const userId = inRequest && rand() < 0.9 ? `user-${Math.floor(rand() * 40)}` : null;
    const projectId = userId ? `project-${Math.floor(rand() * 15)}` : null;
    for (let j = 0; j < size && produced < count; j += 1) {
      ts += Math.floor(rand() * SEED_GAP_MS * 2);
      const roll = rand();
      const level = roll < 0.3 ? 10 : roll < 0.9 ? 20 : roll < 0.97 ? 30 : 40;
      const host = HOSTS[Math.floor(rand() * HOSTS.length)] as string;
      const message = (MESSAGES[Math.floor(rand() * MESSAGES.length)] as string)
        .replace('%s', host)
        .replace('%d', String(j))
        .replace('%d', String(produced % 10));
      batch.push({
        ...emptyContext(),
        ts: new Date(ts),
        level,
        levelName: levelName(level),
        host,
        service: SERVICES[Math.floor(rand() * SERVICES.length)] as string,
        logger: 'nova.compute.manager',
        pid: 1000 + Math.floor(rand() * 9000),
        message,
        traceback: null,
        source: { channel: 'demo' },
        extra: null,
        requestId,
        userId,
        projectId,
        raw: `${new Date(ts).toISOString()} ${level} ${message} #${produced}`,
      });
      produced += 1;
      if (batch.length === 5000) {
        yield batch;
        batch = [];
      }
    }
  }
  if (batch.length > 0) yield batch;
}

/** The summary of each request, built in memory (the same fields the ingest rollup maintains). */
function summarize(logs: StoredLog[], into: Map<string, StoredRequest>): void {
  for (const log of logs) {
    if (!log.requestId) continue;
    const name = levelName(log.level);
    const summary = into.get(log.requestId);
    if (!summary) {
      into.set(log.requestId, {
        _id: log.requestId,
        globalRequestId: log.globalRequestId,
        start: log.ts,
        end: log.ts,
        durationMs: 0,
        count: 1,
        levelCounts: { [name]: 1 },
        maxLevel: log.level,
        services: log.service ? [log.service] : [],
        hosts: log.host ? [log.host] : [],
        userId: log.userId,
        projectId: log.projectId,
        domain: null,
        userDomain: null,
        projectDomain: null,
        userName: null,
        projectName: null,
        remoteAddress: null,
        httpMethod: null,
        httpPath: null,
        httpStatus: null,
      });
      continue;
    }
    if (log.ts < summary.start) summary.start = log.ts;
    if (log.ts > summary.end) summary.end = log.ts;
    summary.durationMs = summary.end.getTime() - summary.start.getTime();
    summary.count += 1;
    summary.levelCounts[name] = (summary.levelCounts[name] ?? 0) + 1;
    summary.maxLevel = Math.max(summary.maxLevel, log.level);
    if (log.service && !summary.services.includes(log.service)) summary.services.push(log.service);
    if (log.host && !summary.hosts.includes(log.host)) summary.hosts.push(log.host);
  }
}

/**
 * Seeds `count` logs unless this database already holds exactly that seed; returns whether it seeded.
 * Documents are made by the ingest path's own pure steps (stable ids, redaction, volume deltas) and written
 * with plain insertMany: the rollup's upserts are far slower on FerretDB and are not what this measures.
 */
export async function seedOnce(store: Store, count: number): Promise<boolean> {
  const marker = await store.meta().findOne({ _id: SEED_MARKER });
  if (marker && marker.count === count) return false;
  await store.db.dropDatabase();
  await ensureIndexes(store.db);
  const counter = new OccurrenceCounter();
  const summaries = new Map<string, StoredRequest>();
  const volume = new Map<string, StoredVolume>();
  let done = 0;
  for (const batch of seedLogs(count)) {
    const { docs } = prepareLogs(batch, counter, new Date());
    await store.logs().insertMany(docs, { ordered: false });
    summarize(docs, summaries);
    for (const [id, delta] of volumeDeltas(docs)) {
      const bucket = volume.get(id);
      if (bucket) bucket.count += delta.count;
      else volume.set(id, { _id: id, ...delta });
    }
    done += batch.length;
    process.stderr.write(`\rseeding ${done}/${count} logs`);
  }
  const all = [...summaries.values()];
  for (let i = 0; i < all.length; i += 5000)
    await store.requests().insertMany(all.slice(i, i + 5000), { ordered: false });
  const buckets = [...volume.values()];
  for (let i = 0; i < buckets.length; i += 5000)
    await store.volume().insertMany(buckets.slice(i, i + 5000), { ordered: false });
  process.stderr.write(`, ${all.length} requests, ${buckets.length} volume buckets\n`);
  await store.meta().insertOne({ _id: SEED_MARKER, count });
  return true;
}
