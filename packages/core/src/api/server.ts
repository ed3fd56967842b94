/** Listens with the app and shuts down gracefully: stop accepting, finish in-flight requests, close the store. */
import type { Config } from '../config';
import { openStore, type Store } from '../store/connection';
import { buildApp, type AppDependencies } from './app';
import type { ApiApp, ApiConfig } from './types';

export interface ServerOptions {
  port?: number;
  bind?: string;
  /** Use this store instead of opening one from `config` (it is then not closed by `close`). */
  store?: Store;
  logger?: AppDependencies['logger'];
  /** How long a request waits for the database before a 503 (default 5 s). */
  serverSelectionTimeoutMS?: number;
}

export interface RunningServer {
  app: ApiApp;
  store: Store;
  /** `http://host:port` the server listens on. */
  url: string;
  close(): Promise<void>;
}

export const DEFAULT_PORT = 8080;
export const DEFAULT_BIND = '127.0.0.1';

export async function startServer(
  config: Pick<Config, 'mongodbUri' | 'database'> & ApiConfig,
  options: ServerOptions = {},
): Promise<RunningServer> {
  const ownStore = !options.store;
  const store =
    options.store ?? (await openStore(config, { serverSelectionTimeoutMS: options.serverSelectionTimeoutMS ?? 5000 }));
  try {
    const app = await buildApp({ store, config, logger: options.logger });
    const url = await app.listen({ port: options.port ?? DEFAULT_PORT, host: options.bind ?? DEFAULT_BIND });
    let closing: Promise<void> | undefined;
    return {
      app,
      store,
      url,
      close: () => {
        // app.close() stops accepting connections and waits for in-flight requests to finish.
        closing ??= app.close().then(() => (ownStore ? store.close() : undefined));
        return closing;
      },
    };
  } catch (error) {
    if (ownStore) await store.close().catch(() => undefined);
    throw error;
  }
}
