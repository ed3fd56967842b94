/**
 * The one place that knows which driver errors mean "the database can not be reached right now": they
 * become `UnavailableError` (HTTP 503, exit code 3), everything else passes through unchanged.
 */
import {
  MongoNetworkError,
  MongoNetworkTimeoutError,
  MongoNotConnectedError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
} from 'mongodb';
import { UnavailableError } from '../errors';

export function isDatabaseUnreachable(error: unknown): boolean {
  if (error instanceof UnavailableError) return true;
  if (
    error instanceof MongoServerSelectionError ||
    error instanceof MongoNetworkError ||
    error instanceof MongoNetworkTimeoutError ||
    error instanceof MongoNotConnectedError ||
    error instanceof MongoTopologyClosedError
  ) {
    return true;
  }
  // PoolClearedError and friends carry the label the driver uses for retryable connection failures.
  const labels = (error as { errorLabels?: unknown })?.errorLabels;
  const name = (error as { name?: unknown })?.name;
  return (
    name === 'MongoPoolClearedError' ||
    (Array.isArray(labels) && labels.includes('ResetPool')) ||
    (error as { hasErrorLabel?: (label: string) => boolean })?.hasErrorLabel?.('SystemOverloadedError') === true
  );
}

/** Runs a store operation, turning "database unreachable" driver errors into `UnavailableError`. */
export async function withStoreErrors<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (isDatabaseUnreachable(error) && !(error instanceof UnavailableError)) {
      throw new UnavailableError(`the database is not reachable: ${(error as Error).message}`, { cause: error });
    }
    throw error;
  }
}
