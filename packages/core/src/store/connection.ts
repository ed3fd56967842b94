/**
 * Opens the database LogCAS works in, creates its indexes and reads the server's capabilities. Every
 * collection the store hands out maps an unreachable server to `UnavailableError` (outage.ts).
 */
import { MongoClient, type Collection, type Db, type Document } from 'mongodb';
import type { Config } from '../config';
import { UnavailableError } from '../errors';
import {
  COLLECTIONS,
  logsCollection,
  requestsCollection,
  type DataSet,
  type StoredCheckpoint,
  type StoredLease,
  type StoredLog,
  type StoredMeta,
  type StoredRequest,
  type StoredVolume,
} from './collections';
import { ensureIndexes } from './indexes';
import { guardOutages, mapOutage } from './outage';

/**
 * What the connected server can do. LogCAS runs on MongoDB ≥ 6.0 and on FerretDB 1.24, which lacks TTL
 * indexes, $merge, transactions and most aggregation operators; richer paths sit behind these flags.
 */
export interface Capabilities {
  server: 'mongodb' | 'ferretdb';
  version: string;
  ttlIndexes: boolean;
  merge: boolean;
  transactions: boolean;
  /**
   * True when the server stops a read whose client connection closed (MongoDB ≥ 4.2 does); FerretDB 1.24
   * runs it to its end or its maxTimeMS.
   */
  stopsReadsOfClosedConnections: boolean;
}

export interface Store {
  /** The driver's client and database, for a host application; LogCAS's own code uses the accessors below. */
  readonly client: MongoClient;
  readonly db: Db;
  readonly capabilities: Capabilities;
  /** Any collection by name (the query engine's plans name theirs). */
  collection<T extends Document = Document>(name: string): Collection<T>;
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
    const mapped = mapOutage(error);
    if (mapped instanceof UnavailableError) {
      throw new UnavailableError(
        `MongoDB at ${redactUri(config.mongodbUri)} is not reachable: ${(error as Error).message}`,
        { cause: error },
      );
    }
    throw error;
  }
}

/** Wraps an already connected client (tests, or a host application sharing its client). */
export function storeOver(client: MongoClient, db: Db, capabilities: Capabilities): Store {
  const collection = <T extends Document>(name: string): Collection<T> => guardOutages(db.collection<T>(name));
  return {
    client,
    db,
    capabilities,
    collection,
    logs: (set = 'live') => collection<StoredLog>(logsCollection(set)),
    requests: (set = 'live') => collection<StoredRequest>(requestsCollection(set)),
    volume: () => collection<StoredVolume>(COLLECTIONS.volume),
    checkpoints: () => collection<StoredCheckpoint>(COLLECTIONS.checkpoints),
    leases: () => collection<StoredLease>(COLLECTIONS.leases),
    meta: () => collection<StoredMeta>(COLLECTIONS.meta),
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

/** Asks the server what it is: FerretDB adds `ferretdbVersion` to buildInfo; a real mongod never does. */
export async function detectCapabilities(db: Db): Promise<Capabilities> {
  const info = await db.admin().command({ buildInfo: 1 });
  if (info.ferretdbVersion) {
    return {
      server: 'ferretdb',
      version: String(info.version),
      ttlIndexes: false,
      merge: false,
      transactions: false,
      stopsReadsOfClosedConnections: false,
    };
  }
  const hello = await db.admin().command({ hello: 1 });
  const replicated = Boolean(hello.setName) || hello.msg === 'isdbgrid';
  return {
    server: 'mongodb',
    version: String(info.version),
    ttlIndexes: true,
    merge: true,
    transactions: replicated,
    stopsReadsOfClosedConnections: true,
  };
}

/** The URI without its password, for messages. */
function redactUri(uri: string): string {
  return uri.replace(/\/\/([^:@/]+):([^@/]+)@/, '//$1:***@');
}
