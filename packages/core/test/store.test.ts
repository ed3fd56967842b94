import { INDEXES } from '../src/store/indexes';
import { storeOver } from '../src/store/connection';
import { detectCapabilities } from '../src/store/connection';
import { ensureIndexes } from '../src/store/indexes';
import { useTestDatabase } from './support/database';

describe('store on the real test server', () => {
  const testDb = useTestDatabase();

  it('detects the server and creates every declared index', async () => {
    const capabilities = await detectCapabilities(testDb.db);
    expect(['mongodb', 'ferretdb']).toContain(capabilities.server);
    await ensureIndexes(testDb.db);
    await ensureIndexes(testDb.db); // a second start changes nothing
    const store = storeOver(testDb.client, testDb.db, capabilities);
    expect(await store.ping()).toBe(true);
    for (const declared of INDEXES) {
      const names = (await testDb.db.collection(declared.collection).listIndexes().toArray()).map((i) => i.name);
      expect(names).toContain(declared.name);
    }
  });
});
