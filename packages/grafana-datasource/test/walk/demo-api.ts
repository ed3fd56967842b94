/**
 * The real LogCAS API over the real database, loaded with demo traffic (the generator `npm start` and the
 * stack use) and archived once, listening on 127.0.0.1 with a token like the stack's.
 */
import { execFile } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildApp, openStore, type ApiApp, type Store } from '../../../core/src/index';
import { testDatabaseName } from '../../../core/test/support/database';
import { findOrStartServer, type RunningServer } from '../../../../scripts/local-server';

export interface DemoApi {
  url: string;
  token: string;
  /** The traffic's time range (epoch ms). */
  from: number;
  to: number;
  close(): Promise<void>;
}

export async function startDemoApi(options: { now: number; minutes: number; seed: number }): Promise<DemoApi> {
  const token = 'walk-token';
  let mongo: RunningServer | undefined;
  let store: Store | undefined;
  let app: ApiApp | undefined;
  const close = async (): Promise<void> => {
    await app?.close();
    await store?.db.dropDatabase().catch(() => undefined);
    await store?.close();
    await mongo?.stop();
  };
  try {
    mongo = await findOrStartServer();
    const database = testDatabaseName();
    const script = join(__dirname, 'load-demo.ts');
    const args = [mongo.uri, database, String(options.now), String(options.minutes), String(options.seed)];
    const { stdout } = await promisify(execFile)(process.execPath, [require.resolve('tsx/cli'), script, ...args]);
    const counts = JSON.parse(stdout) as { inserted: number; archived: number };
    store = await openStore({ mongodbUri: mongo.uri, database });
    if (counts.inserted === 0) throw new Error('the demo traffic stored no logs');
    if (counts.archived === 0) throw new Error('the archive run copied no logs: the Archive dashboard would be empty');
    app = await buildApp({ store, config: { apiToken: token } });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    return { url, token, from: options.now - options.minutes * 60000, to: options.now, close };
  } catch (error) {
    await close();
    throw error;
  }
}
