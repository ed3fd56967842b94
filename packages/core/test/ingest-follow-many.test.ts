/**
 * `logcas ingest --follow` of many files: every follower and the discovery loop wait on one AbortSignal; the
 * waits must not pile abort listeners on it (Node warns with MaxListenersExceededWarning past 10).
 */
import { getEventListeners } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { followAll } from '../src/cli/commands/ingest';
import { ingestFile } from '../src/ingest/file';
import type { Store } from '../src/store/connection';
import { generateOsloLog, openTestStore } from './ingest-fixtures';
import { useTestDatabase } from './support/database';
import { waitFor } from './support/wait';

describe('following six files', () => {
  const testDb = useTestDatabase();
  let store: Store;
  let dir: string;
  beforeAll(async () => {
    store = await openTestStore(testDb);
    dir = mkdtempSync(join(tmpdir(), 'logcas-follow-many-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps at most one abort listener per waiter on the shared signal, and warns about nothing', async () => {
    const services = ['nova-api', 'nova-scheduler', 'nova-conductor', 'nova-compute', 'neutron-server', 'keystone'];
    let expected = 0;
    for (const [i, service] of services.entries()) {
      const log = generateOsloLog(50, i * 1000);
      expected += log.records;
      writeFileSync(join(dir, `${service}.log`), log.text);
    }
    const warnings: Error[] = [];
    const onWarning = (warning: Error): void => void warnings.push(warning);
    process.on('warning', onWarning);
    const controller = new AbortController();
    const most = { listeners: 0 };
    const sampler = setInterval(() => {
      most.listeners = Math.max(most.listeners, getEventListeners(controller.signal, 'abort').length);
    }, 2);
    try {
      const following = followAll(
        [dir],
        async (file) => {
          await ingestFile(store, file, { follow: true, pollMs: 5, idleMs: 20, signal: controller.signal });
        },
        controller,
        5,
      );
      // Many discovery rounds and follower polls: far more waits than Node's limit of 10 listeners.
      await waitFor(async () => (await store.logs().countDocuments()) === expected, `${expected} records`, 30_000);
      await new Promise((resolve) => setTimeout(resolve, 500));
      controller.abort();
      await following;
    } finally {
      clearInterval(sampler);
      process.off('warning', onWarning);
    }
    expect(most.listeners).toBeGreaterThan(0);
    expect(most.listeners).toBeLessThanOrEqual(services.length + 1);
    expect(warnings.map((w) => w.name)).toEqual([]);
    expect(await store.logs().countDocuments()).toBe(expected);
  });
});
