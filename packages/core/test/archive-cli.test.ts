import { main } from '../src/cli/main';
import { ARCHIVE_LEASE } from '../src/archive/lease';
import { acquireLease, releaseLease } from '../src/store/leases';
import type { Store } from '../src/store/connection';
import { useTestDatabase } from './support/database';
import { openTestStore } from './archive-helpers';

/** Runs `logcas ...args` in-process against the test database; returns the exit code and what went to stderr. */
async function logcas(...args: string[]): Promise<{ code: number; stderr: string }> {
  const lines: string[] = [];
  const write = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  const error = jest.spyOn(console, 'error').mockImplementation((...parts: unknown[]) => {
    lines.push(`${parts.join(' ')}\n`);
  });
  try {
    const code = await main(['node', 'logcas', ...args]);
    return { code, stderr: lines.join('') };
  } finally {
    write.mockRestore();
    error.mockRestore();
  }
}

describe('logcas archive, prune and demo commands', () => {
  const testDb = useTestDatabase();
  let store: Store;
  const savedDb = process.env.LOGCAS_DB;

  beforeAll(async () => {
    store = await openTestStore(testDb);
    process.env.LOGCAS_DB = testDb.name;
  });
  afterAll(() => {
    if (savedDb === undefined) delete process.env.LOGCAS_DB;
    else process.env.LOGCAS_DB = savedDb;
  });

  it('demo ingests a burst of traffic', async () => {
    const { code, stderr } = await logcas('demo', '--minutes', '3', '--seed', '5', '--failure-rate', '0.5');
    expect(code).toBe(0);
    expect(stderr).toMatch(/demo ingested \d+ records from \d+ lines in \d+ files/);
    expect(await store.logs().countDocuments({ level: { $gte: 40 } })).toBeGreaterThan(0);
  });

  it('archive copies and says how much on stderr; a second run copies nothing', async () => {
    const first = await logcas('archive');
    expect(first.code).toBe(0);
    const copied = Number(/archive copied (\d+) logs/.exec(first.stderr)?.[1]);
    expect(copied).toBeGreaterThan(0);
    expect(await store.logs('archive').countDocuments()).toBe(copied);
    const second = await logcas('archive', '--min-level', 'warn');
    expect(second.stderr).toMatch(/archive copied 0 logs \(0 at or above the threshold\) and 0 request summaries/);
  });

  it('archive exits 5 while another process holds the lease', async () => {
    expect(await acquireLease(store, ARCHIVE_LEASE, 'elsewhere:1', 60000)).toBe(true);
    try {
      const { code, stderr } = await logcas('archive');
      expect(code).toBe(5);
      expect(stderr).toMatch(/holds the archive lease \(elsewhere:1/);
    } finally {
      await releaseLease(store, ARCHIVE_LEASE, 'elsewhere:1');
    }
  });

  it('prune deletes what is older than the duration and reports the counts', async () => {
    const before = await store.logs().countDocuments();
    const { code, stderr } = await logcas('prune', '--older-than', '1m');
    expect(code).toBe(0);
    const pruned = Number(/pruned before \S+: (\d+) logs/.exec(stderr)?.[1]);
    expect(pruned).toBeGreaterThan(0);
    expect(await store.logs().countDocuments()).toBe(before - pruned);
  });

  it.each([
    [['prune', '--older-than', '3x'], /older-than must be a duration/],
    [['prune'], /required option '--older-than <duration>'/],
    [['archive', '--watch', '0'], /--watch must be a number of seconds/],
    [['archive', '--min-level', 'LOUD'], /--min-level must be a level/],
    [['demo', '--continuous'], /--continuous needs --out DIR/],
    [['demo', '--failure-rate', '2'], /--failure-rate must be a number from 0 to 1/],
  ])('rejects bad usage %j with exit 2 and a message', async (args, message) => {
    const { code, stderr } = await logcas(...args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });
});
