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

  it('drops the indexes an earlier version declared and keeps an index of its own', async () => {
    const resources = testDb.db.collection('resources');
    await resources.createIndex({ kinds: 1, lastSeen: 1, _id: 1 }, { name: 'kinds_lastSeen__id' });
    await resources.createIndex({ hosts: 1 }, { name: 'operator_hosts' });
    await ensureIndexes(testDb.db);
    const names = (await resources.listIndexes().toArray()).map((i) => String(i.name));
    expect(names).not.toContain('kinds_lastSeen__id');
    expect(names).toContain('operator_hosts');
    expect(names).toContain('lastSeen__id');
  });
});
