/**
 * The archive's exclusivity across processes: one lease document (`leases/_id: "archive"`). A run takes it
 * or fails at once with ConflictError (it does not wait: `logcas archive --watch` simply tries again at its
 * next tick, and `POST /archive` answers 409). While it runs, the lease is renewed every third of its TTL;
 * a run that could not renew in time stops at its next batch rather than race a successor.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { ConflictError } from '../errors';
import type { Store } from '../store/connection';
import { acquireLease, readLease, releaseLease, renewLease } from '../store/leases';

export const ARCHIVE_LEASE = 'archive';

export interface HeldLease {
  readonly holder: string;
  /** Throws ConflictError when the lease was lost (renewal refused, or not renewed before expiry). */
  check(): void;
  release(): Promise<void>;
}

/** A holder id unique to this process and call: host, pid and a random suffix. */
function newHolderId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

export async function holdArchiveLease(store: Store, ttlMs: number, holder = newHolderId()): Promise<HeldLease> {
  if (!(await acquireLease(store, ARCHIVE_LEASE, holder, ttlMs))) {
    const current = await readLease(store, ARCHIVE_LEASE);
    const who = current ? `${current.holder} until ${current.expiresAt.toISOString()}` : 'another process';
    throw new ConflictError(`another archive run holds the archive lease (${who}); try again later`);
  }
  let validUntil = Date.now() + ttlMs;
  let lost = false;
  let renewing = false;
  const timer = setInterval(
    () => {
      if (renewing || lost) return;
      renewing = true;
      const at = Date.now();
      renewLease(store, ARCHIVE_LEASE, holder, ttlMs, new Date(at))
        .then((kept) => {
          if (kept) validUntil = at + ttlMs;
          else lost = true;
        })
        // A failed renewal is retried at the next tick; `validUntil` decides when it is too late.
        .catch(() => undefined)
        .finally(() => {
          renewing = false;
        });
    },
    Math.max(10, Math.floor(ttlMs / 3)),
  );
  timer.unref();
  return {
    holder,
    check() {
      if (lost || Date.now() >= validUntil) {
        throw new ConflictError('the archive lease was lost during the run (another archiver may have taken over)');
      }
    },
    async release() {
      clearInterval(timer);
      await releaseLease(store, ARCHIVE_LEASE, holder);
    },
  };
}
