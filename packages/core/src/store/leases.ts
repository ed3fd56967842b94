/**
 * Named leases in `leases`, built on the one write every server makes atomic: inserting a unique `_id`.
 * FerretDB 1.24 does not apply a conditional update atomically (two concurrent `updateOne({ holder: X })`
 * can both match), so a lease is never taken over by updating it. Each taking is a new generation document
 * `<name>#<n>`; the highest generation is the lease. Taking a free or expired lease inserts generation n + 1,
 * and the unique `_id` lets exactly one of several contenders succeed. Only the holder ever updates its own
 * generation (renewal, release), so those updates never race.
 */
import type { StoredLease } from './collections';
import type { Store } from './connection';
import { isDuplicateKey } from './insert-new';

export interface LeaseState {
  name: string;
  holder: string;
  expiresAt: Date;
  generation: number;
}

// Older generations are history; a few are kept to make takeovers visible when debugging.
const KEEP_GENERATIONS = 5;

function toState(doc: StoredLease): LeaseState {
  return { name: doc.name, holder: doc.holder, expiresAt: doc.expiresAt, generation: doc.generation };
}

/** The current (highest) generation of a lease, live or expired, or null when nobody took it yet. */
export async function readLease(store: Store, name: string): Promise<LeaseState | null> {
  const [latest] = await store.leases().find({ name }).sort({ generation: -1 }).limit(1).toArray();
  return latest ? toState(latest) : null;
}

/**
 * Takes (or extends) the lease for `ttlMs` from `now`. Returns false when another holder's lease is live,
 * or when another contender took the free lease first.
 */
export async function acquireLease(
  store: Store,
  name: string,
  holder: string,
  ttlMs: number,
  now = new Date(),
): Promise<boolean> {
  const current = await readLease(store, name);
  const expiresAt = new Date(now.getTime() + ttlMs);
  if (current && current.expiresAt.getTime() > now.getTime()) {
    if (current.holder !== holder) return false;
    return renewLease(store, name, holder, ttlMs, now);
  }
  const generation = (current?.generation ?? 0) + 1;
  try {
    await store.leases().insertOne({ _id: `${name}#${generation}`, name, generation, holder, expiresAt });
  } catch (error) {
    if (isDuplicateKey(error)) return false;
    throw error;
  }
  await store
    .leases()
    .deleteMany({ name, generation: { $lt: generation - KEEP_GENERATIONS } })
    .catch(() => undefined);
  return true;
}

/** Pushes the expiry of the lease this holder has; false when it was lost (a newer generation exists). */
export async function renewLease(
  store: Store,
  name: string,
  holder: string,
  ttlMs: number,
  now = new Date(),
): Promise<boolean> {
  const current = await readLease(store, name);
  if (!current || current.holder !== holder) return false;
  await store
    .leases()
    .updateOne(
      { _id: `${name}#${current.generation}`, holder },
      { $set: { expiresAt: new Date(now.getTime() + ttlMs) } },
    );
  // A contender that saw this generation expired may have inserted the next one meanwhile.
  return (await store.leases().countDocuments({ name, generation: { $gt: current.generation } })) === 0;
}

/** Gives the lease up (marks it expired) if this holder still has it; a lease taken over is left alone. */
export async function releaseLease(store: Store, name: string, holder: string): Promise<void> {
  const current = await readLease(store, name);
  if (!current || current.holder !== holder) return;
  await store
    .leases()
    .updateOne({ _id: `${name}#${current.generation}`, holder }, { $set: { expiresAt: new Date(0) } });
}
