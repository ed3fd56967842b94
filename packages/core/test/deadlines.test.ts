/**
 * Query deadlines, cancellation and overload on a real `q` search over 100,000 logs on its own FerretDB
 * (FerretDB scans and matches such a regex row by row: seconds of work). A query past its deadline is
 * stopped by the server and answered 503 TIMEOUT; a client that gives up frees its query (the FerretDB
 * process goes back to idle once the deadline passed); a burst beyond the slots is told 503 OVERLOADED with
 * Retry-After instead of waiting without end. Figures go to stderr; the assertions are about behaviour.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createDatabaseGate } from '../src/api/database-gate';
import { TimeoutError } from '../src/errors';
import { startServer, type RunningServer as RunningApi } from '../src/api/server';
import type { StoredLog } from '../src/store/collections';
import { openStore, type Store } from '../src/store/connection';
import { parsedLog } from './support/api-fixtures';
import { freePort, REPO_FERRETDB, startFerretDb, type RunningServer } from '../../../scripts/local-server';

/** CPU time (ms) the process listening on `port` has used so far, from /proc. */
function cpuOfServerOn(port: number): () => number {
  const pid = readdirSync('/proc').find((entry) => {
    if (!/^\d+$/.test(entry)) return false;
    try {
      return readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(`--listen-addr=127.0.0.1:${port}`);
    } catch {
      return false;
    }
  });
  if (!pid) throw new Error(`no FerretDB process found listening on ${port}`);
  const ticksPerSecond = 100;
  return () => {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
  };
}

const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));
const SLOW = '/api/v1/logs?q=no%20such%20text%20anywhere&minLevel=0';

describe('query deadlines, cancellation and overload (real FerretDB)', () => {
  const binary = process.env.LOGCAS_FERRETDB || REPO_FERRETDB;
  const dir = mkdtempSync(join(tmpdir(), 'logcas-deadline-'));
  let ferret: RunningServer | undefined;
  let store: Store | undefined;
  let cpu: () => number = () => 0;
  let config = { mongodbUri: '', database: 'deadlines', apiToken: undefined };

  beforeAll(async () => {
    const port = await freePort();
    mkdirSync(join(dir, 'data'));
    ferret = await startFerretDb(binary, { dir: join(dir, 'data'), port });
    cpu = cpuOfServerOn(port);
    config = { ...config, mongodbUri: ferret.uri };
    store = await openStore(config);
    for (let batch = 0; batch < 20; batch++) {
      const docs: StoredLog[] = Array.from({ length: 5000 }, (_v, i) => {
        const n = batch * 5000 + i;
        const { raw: _raw, ...log } = parsedLog({ ts: Date.UTC(2026, 10, 24, 10) + n * 10 });
        return {
          ...log,
          _id: `log-${String(n).padStart(6, '0')}`,
          fingerprint: null,
          resources: [],
          ingestedAt: new Date(),
        };
      });
      await store.logs().insertMany(docs);
    }
  }, 180_000);

  afterAll(async () => {
    await store?.close();
    await ferret?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const serve = (queryTimeoutMs: number, maxConcurrent: number): Promise<RunningApi> =>
    startServer({ ...config, queryTimeoutMs, maxConcurrent }, { port: 0, bind: '127.0.0.1', store });

  /** Waits until the server has used (almost) no CPU for a second: earlier work is over. */
  const quiet = async (): Promise<void> => {
    for (let tries = 0; tries < 60; tries++) {
      const before = cpu();
      await sleep(1000);
      if (cpu() - before < 100) return;
    }
    throw new Error('FerretDB never went quiet');
  };

  it('cuts a slow query at its deadline, on the server, with 503 TIMEOUT', async () => {
    const api = await serve(500, 4);
    try {
      await quiet();
      const started = Date.now();
      const response = await fetch(`${api.url}${SLOW}`);
      const cutMs = Date.now() - started;
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({
        error: { code: 'TIMEOUT', message: expect.stringMatching(/time limit.*narrow the time range or add filters/) },
      });
      // The server itself stopped: a second later it is idle again.
      await sleep(1000);
      const before = cpu();
      await sleep(1000);
      const busy = cpu() - before;
      process.stderr.write(
        `q over 100,000 logs with a 500 ms deadline: 503 after ${cutMs} ms, then FerretDB CPU ${busy} ms/s\n`,
      );
      expect(busy).toBeLessThan(300);
    } finally {
      await api.close();
    }
  }, 120_000);

  it('reports its own deadline as TIMEOUT when no single query reached maxTimeMS (a list read in slices)', async () => {
    const gate = createDatabaseGate(store as Store, { queryTimeoutMs: 300, maxConcurrent: 1 });
    const raw = Object.assign(new EventEmitter(), { writableFinished: false });
    let queries = 0;
    const work = gate.read({} as FastifyRequest, { raw } as unknown as FastifyReply, async (limited) => {
      // Quick reads one after another, each far within maxTimeMS: only the gate's deadline can stop them.
      for (;;) {
        await limited
          .logs()
          .find({}, { projection: { _id: 1 } })
          .limit(1)
          .toArray();
        queries += 1;
      }
    });
    await expect(work).rejects.toBeInstanceOf(TimeoutError);
    expect(queries).toBeGreaterThan(1);
  }, 30_000);

  it('frees the query of a client that disconnects: the server stops working on it by its deadline', async () => {
    const timeout = 3000;
    const api = await serve(timeout, 4);
    try {
      await quiet();
      const abandoned = Array.from({ length: 12 }, () => {
        const client = new AbortController();
        const answer = fetch(`${api.url}${SLOW}`, { signal: client.signal }).catch((error: Error) => error.name);
        setTimeout(() => client.abort(), 300);
        return answer;
      });
      expect(await Promise.all(abandoned)).toEqual(Array(12).fill('AbortError'));
      const gaveUpAt = Date.now();
      // Four were running, eight waiting in line left it at once; the four end by their maxTimeMS at the latest.
      await sleep(timeout + 1000);
      const before = cpu();
      await sleep(2000);
      const busy = cpu() - before;
      const started = Date.now();
      const normal = await fetch(`${api.url}/api/v1/logs/log-000042`);
      process.stderr.write(
        `12 clients gone after 300 ms: FerretDB CPU ${busy} ms over 2 s starting ${Date.now() - gaveUpAt - 2000} ms later; ` +
          `next normal query ${Date.now() - started} ms\n`,
      );
      expect(normal.status).toBe(200);
      expect(busy).toBeLessThan(500);
    } finally {
      await api.close();
    }
  }, 120_000);

  it('sheds a burst beyond its slots with 503 OVERLOADED and Retry-After', async () => {
    const api = await serve(8000, 1);
    try {
      await quiet();
      const running = fetch(`${api.url}${SLOW}`);
      await sleep(200);
      const started = Date.now();
      const burst = await Promise.all(Array.from({ length: 10 }, () => fetch(`${api.url}${SLOW}`)));
      const statuses = burst.map((response) => response.status);
      process.stderr.write(`burst of 10 on 1 slot: statuses ${statuses.join(',')} within ${Date.now() - started} ms\n`);
      for (const response of burst.filter((r) => r.status === 503)) {
        expect(response.headers.get('retry-after')).toBe('5');
        expect(await response.json()).toMatchObject({ error: { code: expect.stringMatching(/OVERLOADED|TIMEOUT/) } });
      }
      // The line holds 8: the other two are turned away at once, and nobody waits past deadline + line.
      expect(statuses.filter((status) => status === 503).length).toBeGreaterThanOrEqual(2);
      expect(Date.now() - started).toBeLessThan(8000 + 5000 + 3000);
      await (await running).arrayBuffer();
    } finally {
      await api.close();
    }
  }, 120_000);
});
