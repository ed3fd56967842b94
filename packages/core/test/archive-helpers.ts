/** Builders shared by the archive, prune and forward tests: records as a parser makes them, and a Store. */
import type { ParsedLog } from '../src/model/record';
import { emptyContext } from '@logcas/contract';
import { levelName } from '@logcas/contract';
import { detectCapabilities } from '../src/store/connection';
import { storeOver, type Store } from '../src/store/connection';
import { ensureIndexes } from '../src/store/indexes';
import type { TestDatabase } from './support/database';

export const T0 = Date.parse('2026-11-24T10:41:00.000Z');

let sequence = 0;

/** A parsed record at T0 + `offsetMs`; `raw` is unique per call so every record gets its own id. */
export function record(
  offsetMs: number,
  level: number,
  requestId: string | null,
  fields: Partial<ParsedLog> = {},
): ParsedLog {
  sequence += 1;
  const ts = new Date(T0 + offsetMs);
  return {
    ...emptyContext(),
    ts,
    level,
    levelName: levelName(level),
    host: 'compute-1',
    service: 'nova-compute',
    logger: 'nova.compute.manager',
    pid: 4242,
    message: `event ${sequence}`,
    traceback: null,
    source: { channel: 'http' },
    extra: null,
    requestId,
    userId: requestId ? 'u-1' : null,
    projectId: requestId ? 'p-1' : null,
    raw: `${ts.toISOString()} ${levelName(level)} ${requestId ?? '-'} event ${sequence} ${Math.random()}`,
    ...fields,
  };
}

export async function openTestStore(testDb: TestDatabase): Promise<Store> {
  await ensureIndexes(testDb.db);
  return storeOver(testDb.client, testDb.db, await detectCapabilities(testDb.db));
}

export async function ids(
  store: Store,
  set: 'live' | 'archive',
  filter: Record<string, unknown> = {},
): Promise<string[]> {
  const docs = await store
    .logs(set)
    .find(filter, { projection: { _id: 1 } })
    .toArray();
  return docs.map((doc) => doc._id).sort();
}
