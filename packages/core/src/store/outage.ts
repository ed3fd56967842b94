/**
 * The one place that knows which driver errors mean "the database can not be reached right now" or "the
 * query ran out of time". Every collection the store hands out is wrapped here, so any operation on it (a
 * promise, a cursor, an iteration) fails with `UnavailableError` (HTTP 503, exit code 3) when the server is
 * gone, and with `TimeoutError` when the server stopped it at its `maxTimeMS`; every other error passes
 * through unchanged. The API and the CLI never look at driver errors.
 */
import {
  AbstractCursor,
  MongoBulkWriteError,
  MongoNetworkError,
  MongoNetworkTimeoutError,
  MongoNotConnectedError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
} from 'mongodb';
import { TimeoutError, UnavailableError } from '../errors';

/** The server's code for a command stopped at its maxTimeMS (MongoDB and FerretDB alike). */
const MAX_TIME_EXPIRED = 50;

function isDatabaseUnreachable(error: unknown): boolean {
  if (
    error instanceof MongoServerSelectionError ||
    error instanceof MongoNetworkError ||
    error instanceof MongoNetworkTimeoutError ||
    error instanceof MongoNotConnectedError ||
    error instanceof MongoTopologyClosedError
  ) {
    return true;
  }
  // insertMany and bulkWrite wrap a driver error in MongoBulkWriteError (no write errors), copying its fields:
  // a failed server selection leaves its `reason` (the topology it saw), a dropped connection its ResetPool label.
  if (error instanceof MongoBulkWriteError && [error.writeErrors].flat().length === 0 && 'reason' in error) return true;
  // PoolClearedError and friends carry the label the driver uses for retryable connection failures.
  const labels = (error as { errorLabels?: unknown })?.errorLabels;
  const name = (error as { name?: unknown })?.name;
  return (
    name === 'MongoPoolClearedError' ||
    (Array.isArray(labels) && labels.includes('ResetPool')) ||
    (error as { hasErrorLabel?: (label: string) => boolean })?.hasErrorLabel?.('SystemOverloadedError') === true
  );
}

/** The error to throw for `error`: an `UnavailableError` when it means the database is gone, else itself. */
export function mapOutage(error: unknown): unknown {
  if ((error as { code?: unknown })?.code === MAX_TIME_EXPIRED && !(error instanceof TimeoutError)) {
    return new TimeoutError('the query ran past its time limit and was stopped', { cause: error });
  }
  if (error instanceof UnavailableError || !isDatabaseUnreachable(error)) return error;
  return new UnavailableError(`the database is not reachable: ${(error as Error).message}`, { cause: error });
}

/**
 * Wraps a collection (or a cursor it returns) so every failure goes through `mapOutage`: rejected promises,
 * cursors and their async iteration. Methods that return the object itself (cursor chaining) return the
 * wrapper, so a chain stays wrapped.
 */
export function guardOutages<T extends object>(target: T): T {
  const wrapper: T = new Proxy(target, {
    get(object, property) {
      const value = Reflect.get(object, property, object) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        let result: unknown;
        try {
          result = (value as (...a: unknown[]) => unknown).apply(object, args);
        } catch (error) {
          throw mapOutage(error);
        }
        if (result === object) return wrapper;
        if (result instanceof Promise) return result.catch((error: unknown) => Promise.reject(mapOutage(error)));
        if (result instanceof AbstractCursor) return guardOutages(result);
        if (property === Symbol.asyncIterator) return guardIterator(result as AsyncIterator<unknown>);
        return result;
      };
    },
  });
  return wrapper;
}

function guardIterator<T>(iterator: AsyncIterator<T>): AsyncIterableIterator<T> {
  const step = (call: () => Promise<IteratorResult<T>>) =>
    call().catch((error: unknown) => Promise.reject(mapOutage(error)));
  return {
    next: () => step(() => iterator.next()),
    return: (value?: unknown) =>
      step(() => iterator.return?.(value) ?? Promise.resolve({ done: true, value: undefined as T })),
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
