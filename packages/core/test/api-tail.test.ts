/**
 * GET /logs/tail on the real test server: the live logs stored after a cursor, waiting for new ones; a chain
 * of calls receives every log once, a retried call loses nothing, filters and the settle margin hold.
 */
import type { ApiApp } from '../src/api/types';
import { ingest } from '../src/ingest/ingest';
import type { Store } from '../src/store/connection';
import { appForTest, getJson, parsedLog, storeForTest, type LogInput } from './support/api-fixtures';
import { useTestDatabase } from './support/database';

const SETTLE_MS = 300;

describe('GET /logs/tail', () => {
  const testDb = useTestDatabase();
  let store: Store;
  let app: ApiApp;

  beforeAll(async () => {
    store = await storeForTest(testDb.client, testDb.db);
    app = await appForTest(store, undefined, { tailSettleMs: SETTLE_MS });
  });

  const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, SETTLE_MS + 100));

  /** Stores a batch as a collector would, stamped `agoMs` before now; returns the messages. */
  async function store_(messages: string[], agoMs = 0, extra: Partial<LogInput> = {}): Promise<string[]> {
    const now = new Date(Date.now() - agoMs);
    await ingest(
      store,
      messages.map((message, i) => parsedLog({ ts: now.getTime() + i, message, ...extra })),
      { now },
    );
    return messages;
  }

  const tail = async (query: Record<string, string | number | readonly string[]>) => {
    const { status, body } = await getJson(app, '/logs/tail', query as Record<string, string>);
    expect({ status, error: body.error }).toEqual({ status: 200, error: undefined });
    return body as { items: Array<{ id: string; message: string }>; cursor: string };
  };
  const messages = (page: { items: Array<{ message: string }> }): string[] => page.items.map((i) => i.message);

  it('starts with the logs stored in the last minute, in time order, and gives a cursor', async () => {
    await store_(['old'], 120_000);
    const first = await store_(['a1', 'a2'], 10_000);
    const page = await tail({ wait: 0 });
    expect(messages(page)).toEqual(first);
    // Signed like every cursor: <base64url body>.<base64url signature>.
    expect(page.cursor).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
  });

  it('waits for new logs and answers as soon as they are stored (and settled)', async () => {
    const start = await tail({ wait: 0 });
    const started = Date.now();
    const waiting = tail({ cursor: start.cursor, wait: 10 });
    await new Promise((resolve) => setTimeout(resolve, 500));
    await store_(['b1', 'b2', 'b3']);
    const page = await waiting;
    expect(messages(page)).toEqual(['b1', 'b2', 'b3']);
    // Answered once the batch settled, long before the 10 s wait ended.
    expect(Date.now() - started).toBeLessThan(8000);
  });

  it('a chain of calls receives every log exactly once; a retried call loses nothing', async () => {
    let cursor = (await tail({ wait: 0 })).cursor;
    const stored: string[] = [];
    const received: string[] = [];
    for (let round = 0; round < 4; round += 1) {
      stored.push(...(await store_([`c${round}-1`, `c${round}-2`])));
      await settle();
      // Small pages: the limit cuts a batch, the next call continues inside it.
      const page = await tail({ cursor, wait: 0, limit: 3 });
      // The answer is "lost" once: the client asks again with the same cursor and gets the same logs.
      if (round === 1) expect(messages(await tail({ cursor, wait: 0, limit: 3 }))).toEqual(messages(page));
      received.push(...messages(page));
      cursor = page.cursor;
    }
    for (;;) {
      const page = await tail({ cursor, wait: 0, limit: 3 });
      if (page.items.length === 0) break;
      received.push(...messages(page));
      cursor = page.cursor;
    }
    // Pages follow the stored order (a batch's logs share their stored time); each log came once.
    expect([...received].sort()).toEqual([...stored].sort());
    expect(new Set(received).size).toBe(received.length);
  });

  it('holds back a batch until the settle margin passed: an insert still running is never skipped', async () => {
    const { cursor } = await tail({ wait: 0 });
    await store_(['fresh']);
    expect(messages(await tail({ cursor, wait: 0 }))).toEqual([]);
    await settle();
    expect(messages(await tail({ cursor, wait: 0 }))).toEqual(['fresh']);
  });

  it('follows only what matches; the cursor still moves past what did not', async () => {
    const { cursor } = await tail({ wait: 0 });
    await store_(['other-host'], 0, { host: 'compute-9' });
    await store_(['warning'], 0, { host: 'compute-7', level: 30 });
    await store_(['info'], 0, { host: 'compute-7', level: 20 });
    await settle();
    const page = await tail({ cursor, wait: 0, host: ['compute-7', 'compute-8'], excludeLevel: 'INFO' });
    expect(messages(page)).toEqual(['warning']);
    const none = await tail({ cursor: page.cursor, wait: 0, host: 'compute-9' });
    expect(messages(none)).toEqual([]);
    await store_(['later'], 0, { host: 'compute-9' });
    await settle();
    // The cursor of an empty answer moved past `other-host`: only the later log comes.
    expect(messages(await tail({ cursor: none.cursor, wait: 0, host: 'compute-9' }))).toEqual(['later']);
  });

  it('closing the server ends a waiting tail at once, so a restart never waits for it', async () => {
    const closing = await appForTest(store, undefined, { tailSettleMs: SETTLE_MS });
    const started = Date.now();
    const waiting = closing.inject({ method: 'GET', url: '/api/v1/logs/tail?wait=20' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await closing.close();
    expect((await waiting).statusCode).toBe(200);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it.each([
    [{ collection: 'archive' }, 'collection'],
    [{ wait: 26 }, 'wait'],
    [{ cursor: 'nonsense' }, 'cursor'],
    [{ from: '2026-11-24T10:00:00Z' }, 'from'],
  ])('rejects %j naming %s', async (query, parameter) => {
    const { status, body } = await getJson(app, '/logs/tail', query as Record<string, string>);
    expect(status).toBe(400);
    expect(body.error.parameter).toBe(parameter);
  });
});
