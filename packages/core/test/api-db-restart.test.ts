/**
 * The database stops under a running server and comes back: the API answers 503 meanwhile and 200 again
 * afterwards, without a restart; meanwhile every kind of store operation fails with UnavailableError. Runs its own FerretDB on a fixed data dir and port so a restart keeps data.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer as RunningApi } from '../src/api/server';
import { UnavailableError } from '../src/errors';
import { openStore, type Store } from '../src/store/connection';
import { at, ingestLogs } from './support/api-fixtures';
import { freePort, REPO_FERRETDB, startFerretDb, type RunningServer } from '../../../scripts/local-server';

describe('database stopped and restarted under a running API', () => {
  const binary = process.env.LOGCAS_FERRETDB || REPO_FERRETDB;
  const dir = mkdtempSync(join(tmpdir(), 'logcas-restart-'));
  let port = 0;
  let ferret: RunningServer | undefined;
  let store: Store | undefined;
  let api: RunningApi | undefined;

  beforeAll(async () => {
    port = await freePort();
    ferret = await startFerretDb(binary, { dir, port });
    const config = { mongodbUri: ferret.uri, database: 'logcas_restart', apiToken: undefined };
    store = await openStore(config, { serverSelectionTimeoutMS: 1500 });
    await ingestLogs(store, [{ ts: at(0) }, { ts: at(1), level: 40 }]);
    api = await startServer(config, { port: 0, bind: '127.0.0.1', store });
  });

  afterAll(async () => {
    await api?.close();
    await store?.close();
    await ferret?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON bodies are read loosely here
  const get = async (path: string): Promise<{ status: number; body: any }> => {
    const response = await fetch(`${api?.url}/api/v1${path}`);
    return { status: response.status, body: await response.json() };
  };

  it('answers 503 while the database is down and 200 once it is back', async () => {
    expect((await get('/logs')).body.total).toBe(2);
    expect((await get('/health')).body).toMatchObject({ status: 'ok', database: 'up' });

    await ferret?.stop();
    for (const path of ['/logs', '/requests', '/logs/abc', '/volume', '/values/host']) {
      const down = await get(path);
      expect(down.status).toBe(503);
      expect(down.body.error.code).toBe('UNAVAILABLE');
      expect(JSON.stringify(down.body)).not.toMatch(/\n\s+at |127\.0\.0\.1/);
    }
    // Writes, reads and cursor iteration all go through the store's one outage mapping.
    await expect(ingestLogs(store!, [{ ts: at(2) }])).rejects.toBeInstanceOf(UnavailableError);
    await expect(store!.requests().find({}).toArray()).rejects.toBeInstanceOf(UnavailableError);
    const iterate = async (): Promise<void> => {
      for await (const _log of store!.logs().find({})) break;
    };
    await expect(iterate()).rejects.toBeInstanceOf(UnavailableError);
    const health = await get('/health');
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ status: 'degraded', database: 'down' });

    ferret = await startFerretDb(binary, { dir, port });
    let back = await get('/logs');
    for (let attempt = 0; back.status !== 200 && attempt < 40; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      back = await get('/logs');
    }
    expect(back.status).toBe(200);
    expect(back.body.total).toBe(2);
    expect((await get('/health')).body).toMatchObject({ status: 'ok', database: 'up' });
  });
});
