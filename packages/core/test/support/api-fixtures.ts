/**
 * Test data for the API and query tests: ParsedLog records that look like real oslo.log output, stored through
 * the real `ingest()` (so summaries and volume buckets are the real rollups), and an app over the test database.
 */
import type { Db, MongoClient } from 'mongodb';
import { buildApp } from '../../src/api/app';
import type { ApiApp } from '../../src/api/types';
import { ingest } from '../../src/ingest/ingest';
import { levelName } from '@logcas/contract';
import { emptyContext } from '@logcas/contract';
import type { ParsedLog } from '../../src/model/record';
import { detectCapabilities } from '../../src/store/connection';
import { storeOver, type Store } from '../../src/store/connection';
import { ensureIndexes } from '../../src/store/indexes';

let sequence = 0;

export type LogInput = Partial<Omit<ParsedLog, 'ts'>> & { ts: Date | string | number };

/** One parsed log; every field not given has a realistic default and the raw text is unique. */
export function parsedLog(input: LogInput): ParsedLog {
  sequence += 1;
  const ts = new Date(input.ts);
  const level = input.level ?? 20;
  const message =
    input.message ?? `Took ${sequence % 10}.${sequence % 7} seconds to spawn the instance on the hypervisor.`;
  return {
    ...emptyContext(),
    host: 'compute-1',
    service: 'nova-compute',
    logger: 'nova.compute.manager',
    pid: 4021,
    traceback: null,
    source: { channel: 'import' },
    extra: null,
    ...input,
    ts,
    level,
    levelName: input.levelName ?? levelName(level),
    message,
    raw: input.raw ?? `${ts.toISOString()} 4021 ${levelName(level)} ${message} #${sequence}`,
  };
}

export async function storeForTest(client: MongoClient, db: Db): Promise<Store> {
  await ensureIndexes(db);
  const capabilities = await detectCapabilities(db);
  // The test database helper owns the client; closing this store must not close it.
  return { ...storeOver(client, db, capabilities), close: async () => undefined };
}

export async function ingestLogs(store: Store, inputs: LogInput[]): Promise<ParsedLog[]> {
  const records = inputs.map(parsedLog);
  await ingest(store, records);
  return records;
}

/**
 * The app over a test store. Its query deadline is long: these tests check answers, not timing, on a machine
 * that other suites keep busy (test/deadlines.test.ts checks the deadline itself).
 */
export async function appForTest(
  store: Store,
  apiToken?: string,
  more: { apiReadToken?: string; tailSettleMs?: number } = {},
): Promise<ApiApp> {
  return buildApp({ store, config: { apiToken, queryTimeoutMs: 120_000, ...more } });
}

/** GET through app.inject with a query object (a list becomes a repeated parameter); status and JSON body. */
export async function getJson(
  app: ApiApp,
  path: string,
  query: Record<string, string | number | boolean | readonly string[]> = {},
  headers: Record<string, string> = {},
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON bodies are read loosely here
): Promise<{ status: number; body: any }> {
  const search = new URLSearchParams(
    Object.entries(query).flatMap(([k, v]): Array<[string, string]> =>
      Array.isArray(v) ? v.map((item: string) => [k, item]) : [[k, String(v)]],
    ),
  ).toString();
  const response = await app.inject({ method: 'GET', url: `/api/v1${path}${search ? `?${search}` : ''}`, headers });
  return { status: response.statusCode, body: response.json() };
}

export const T0 = Date.parse('2026-11-24T10:00:00.000Z');
export const at = (seconds: number): Date => new Date(T0 + seconds * 1000);
