/** Opens the database LogCAS works in, creates its indexes and reads the server's capabilities. */
import { MongoClient, MongoServerSelectionError, type Collection, type Db } from 'mongodb';
import type { Config } from '../config';
import { UnavailableError } from '../errors';
import { detectCapabilities, type Capabilities } from './capabilities';
import { COLLECTIONS, logsCollection, requestsCollection, type DataSet } from './collections';
import type { StoredCheckpoint, StoredLease, StoredLog, StoredMeta, StoredRequest, StoredVolume } from './documents';
import { ensureIndexes } from './indexes';

export interface Store {
  readonly client: MongoClient;
  readonly db: Db;
  readonly capabilities: Capabilities;
  logs(set?: DataSet): Collection<StoredLog>;
  requests(set?: DataSet): Collection<StoredRequest>;
  volume(): Collection<StoredVolume>;
  checkpoints(): Collection<StoredCheckpoint>;
  leases(): Collection<StoredLease>;
  meta(): Collection<StoredMeta>;
  /** True when the server answers a ping now. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /** Create the declared indexes (default true). */
  ensureIndexes?: boolean;
  /** How long to wait for a server before failing (default 10 s). */
  serverSelectionTimeoutMS?: number;
}

/**
 * Connects to `config.mongodbUri` and returns the store. Write concern, read preference and retryable
 * writes come from the URI, so the same code runs on a standalone, a replica set or a sharded cluster.
 */
export async function openStore(
  config: Pick<Config, 'mongodbUri' | 'database'>,
  options: OpenStoreOptions = {},
): Promise<Store> {
  const client = new MongoClient(config.mongodbUri, {
    serverSelectionTimeoutMS: options.serverSelectionTimeoutMS ?? 10000,
    appName: 'logcas',
  });
  try {
    await client.connect();
    const db = client.db(config.database);
    const capabilities = await detectCapabilities(db);
    if (options.ensureIndexes ?? true) await ensureIndexes(db);
    return storeOver(client, db, capabilities);
  } catch (error) {
    await client.close().catch(() => undefined);
    if (error instanceof MongoServerSelectionError) {
      throw new UnavailableError(`MongoDB at ${redactUri(config.mongodbUri)} is not reachable: ${error.message}`, {
        cause: error,
      });
    }
    throw error;
  }
}

/** Wraps an already connected client (tests, or a host application sharing its client). */
export function storeOver(client: MongoClient, db: Db, capabilities: Capabilities): Store {
  return {
    client,
    db,
    capabilities,
    logs: (set = 'live') => db.collection<StoredLog>(logsCollection(set)),
    requests: (set = 'live') => db.collection<StoredRequest>(requestsCollection(set)),
    volume: () => db.collection<StoredVolume>(COLLECTIONS.volume),
    checkpoints: () => db.collection<StoredCheckpoint>(COLLECTIONS.checkpoints),
    leases: () => db.collection<StoredLease>(COLLECTIONS.leases),
    meta: () => db.collection<StoredMeta>(COLLECTIONS.meta),
    ping: async () => {
      try {
        await db.command({ ping: 1 });
        return true;
      } catch {
        return false;
      }
    },
    close: () => client.close(),
  };
}

/** The URI without its password, for messages. */
export function redactUri(uri: string): string {
  return uri.replace(/\/\/([^:@/]+):([^@/]+)@/, '//$1:***@');
}
