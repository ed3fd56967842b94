/** Waiting that an AbortSignal cuts short, shared by everything that polls until stopped. */
import { setTimeout as delay } from 'node:timers/promises';

/**
 * Resolves after `ms`, or as soon as `signal` aborts; never rejects. Its abort listener is removed when it
 * resolves either way, so loops that wait on one long-lived signal do not pile listeners up on it.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return delay(ms, undefined, signal ? { signal } : undefined).catch(() => undefined);
}
