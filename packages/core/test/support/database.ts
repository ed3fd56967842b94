/**
 * Every test suite gets its own database on the real server and drops it afterwards:
 *   const testDb = useTestDatabase();   // at the top of a describe
 *   testDb.db / testDb.client / testDb.uri / testDb.name inside tests
 */
import { randomBytes } from 'node:crypto';
import { MongoClient, type Db } from 'mongodb';

export interface TestDatabase {
  readonly uri: string;
  readonly name: string;
  readonly client: MongoClient;
  readonly db: Db;
}

export function testDatabaseName(): string {
  return `logcas_test_${process.pid}_${randomBytes(4).toString('hex')}`;
}

/** Registers beforeAll/afterAll hooks that create and drop a fresh database; read its fields inside tests. */
export function useTestDatabase(): TestDatabase {
  const state: { client?: MongoClient; db?: Db; name: string } = { name: testDatabaseName() };
  beforeAll(async () => {
    const uri = process.env.MONGODB_URI;
    if (!uri) throw new Error('MONGODB_URI is not set: the jest global setup should have started a test server');
    state.client = await MongoClient.connect(uri, { serverSelectionTimeoutMS: 10000 });
    state.db = state.client.db(state.name);
  });
  afterAll(async () => {
    await state.db?.dropDatabase().catch(() => undefined);
    await state.client?.close();
  });
  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`test database ${what} used before beforeAll ran`);
    return value;
  };
  return {
    get uri() {
      return need(process.env.MONGODB_URI, 'uri');
    },
    name: state.name,
    get client() {
      return need(state.client, 'client');
    },
    get db() {
      return need(state.db, 'db');
    },
  };
}
