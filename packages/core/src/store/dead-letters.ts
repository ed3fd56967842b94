/** `dead_letters`: records file ingestion could not store, each with its reason (docs/cli.md, "Dead letters"). */
import { COLLECTIONS, type StoredDeadLetter } from './collections';
import type { Store } from './connection';
import { insertEach } from './insert-new';

/** Characters of source text a dead letter keeps. */
export const DEAD_LETTER_TEXT = 65_536;

/** Stores dead letters; one already there (same record read again) is left as it is. */
export async function storeDeadLetters(store: Store, letters: StoredDeadLetter[]): Promise<void> {
  if (letters.length === 0) return;
  const outcome = await insertEach(store.collection<StoredDeadLetter>(COLLECTIONS.deadLetters), letters);
  const [refused] = outcome.refused.values();
  if (refused !== undefined) throw new Error(`the database refused a dead letter: ${refused}`);
}
