/**
 * Reads with a deadline (docs/http-api.md, "Deadlines and overload"): a view of the store whose every read
 * (find, findOne, countDocuments, aggregate) carries `maxTimeMS`, so the server itself stops a query that
 * runs too long, and an AbortSignal, so a query whose client went away is abandoned (the driver closes its
 * connection or kills its cursor). MongoDB ≥ 4.2 also stops a read whose connection closed; FerretDB 1.24
 * finishes it, bounded only by its maxTimeMS — `Capabilities.stopsReadsOfClosedConnections` says which.
 */
import type { Collection, Document } from 'mongodb';
import type { Store } from './connection';

export interface ReadLimits {
  /** Server-side time limit of every read, in ms. */
  maxTimeMS: number;
  /** Aborts every read in flight (the client is gone, or the deadline passed). */
  signal: AbortSignal;
}

/** Reads and the position of their options argument. */
const READS: Readonly<Record<string, number>> = { find: 1, findOne: 1, countDocuments: 1, aggregate: 1 };

function limitReads<T extends Document>(collection: Collection<T>, limits: ReadLimits): Collection<T> {
  return new Proxy(collection, {
    get(target, property) {
      const value = Reflect.get(target, property, target) as unknown;
      const at = typeof property === 'string' ? READS[property] : undefined;
      if (typeof value !== 'function' || at === undefined) return value;
      return (...args: unknown[]) => {
        const options = (args[at] as Record<string, unknown> | undefined) ?? {};
        const limited = [...args];
        while (limited.length < at) limited.push(undefined);
        limited[at] = { ...options, maxTimeMS: limits.maxTimeMS, signal: limits.signal };
        return (value as (...a: unknown[]) => unknown).apply(target, limited);
      };
    },
  });
}

/** The same store, every read of which obeys `limits`. It does not own the connection: closing it does nothing. */
export function withReadLimits(store: Store, limits: ReadLimits): Store {
  const collection = <T extends Document>(name: string): Collection<T> => limitReads(store.collection<T>(name), limits);
  return {
    ...store,
    collection,
    logs: (set) => limitReads(store.logs(set), limits),
    requests: (set) => limitReads(store.requests(set), limits),
    volume: () => limitReads(store.volume(), limits),
    checkpoints: () => limitReads(store.checkpoints(), limits),
    leases: () => limitReads(store.leases(), limits),
    meta: () => limitReads(store.meta(), limits),
    close: async () => undefined,
  };
}
