/**
 * `tsx load-demo.ts <mongodbUri> <database> <nowMs> <minutes> <seed>`: demo traffic into a database, then
 * one archive run; prints the counts as JSON. Its own process because the archive's lease timer needs
 * Node's timers, which jest's jsdom environment replaces.
 */
import { loadDemo } from '../../../core/src/demo/load';
import { openStore, runArchive } from '../../../core/src/index';

async function main(): Promise<void> {
  const [uri, database, now, minutes, seed] = process.argv.slice(2);
  if (!uri || !database || !now || !minutes || !seed) {
    throw new Error('usage: load-demo.ts <mongodbUri> <database> <nowMs> <minutes> <seed>');
  }
  const store = await openStore({ mongodbUri: uri, database });
  try {
    const loaded = await loadDemo(store, {
      now: new Date(Number(now)),
      durationMs: Number(minutes) * 60000,
      seed: Number(seed),
    });
    const archived = await runArchive(store);
    process.stdout.write(JSON.stringify({ inserted: loaded.inserted, archived: archived.logsCopied }));
  } finally {
    await store.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
