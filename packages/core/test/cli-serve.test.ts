/**
 * `logcas serve` as a real process: listens, answers, stores what the forward listener receives, and stops
 * cleanly on SIGTERM; bad flags exit 2.
 */
import { spawn } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { decodeMultiStream, encode } from '@msgpack/msgpack';
import { openStore } from '../src/store/connection';
import { resolve } from 'node:path';
import { useTestDatabase } from './support/database';

const MAIN = resolve(__dirname, '../src/cli/main.ts');

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function run(args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.resume();
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return { child, exited, stderr: () => stderr };
}

describe('logcas serve', () => {
  const testDb = useTestDatabase();

  it('serves the API until SIGTERM, then exits 0', async () => {
    const port = await freePort();
    const serve = run(['serve', '--port', String(port), '--bind', '127.0.0.1'], {
      MONGODB_URI: testDb.uri,
      LOGCAS_DB: testDb.name,
      LOGCAS_API_TOKEN: 'cli-token',
    });
    let health: Response | undefined;
    for (let attempt = 0; attempt < 120 && !health; attempt += 1) {
      health = await fetch(`http://127.0.0.1:${port}/api/v1/health`).catch(() => undefined);
      if (!health) await new Promise((done) => setTimeout(done, 250));
    }
    expect(health?.status).toBe(200);
    const denied = await fetch(`http://127.0.0.1:${port}/api/v1/logs`);
    expect(denied.status).toBe(401);
    const logs = await fetch(`http://127.0.0.1:${port}/api/v1/logs`, {
      headers: { authorization: 'Bearer cli-token' },
    });
    expect(logs.status).toBe(200);
    expect(await logs.json()).toMatchObject({ items: [], total: 0 });
    serve.child.kill('SIGTERM');
    expect(await serve.exited).toBe(0);
    expect(serve.stderr()).toContain('shutting down');
    await expect(fetch(`http://127.0.0.1:${port}/api/v1/health`)).rejects.toThrow();
  });

  it('exits 2 on a bad --port', async () => {
    const serve = run(['serve', '--port', 'http'], { MONGODB_URI: testDb.uri, LOGCAS_DB: testDb.name });
    expect(await serve.exited).toBe(2);
    expect(serve.stderr()).toContain('--port');
  });

  it('with --forward, stores what a Fluentd client sends on the same store until SIGTERM', async () => {
    const [port, forward] = [await freePort(), await freePort()];
    const serve = run(['serve', '--port', String(port), '--bind', '127.0.0.1', '--forward', String(forward)], {
      MONGODB_URI: testDb.uri,
      LOGCAS_DB: testDb.name,
    });
    let socket: ReturnType<typeof connect> | undefined;
    for (let attempt = 0; attempt < 120 && !socket; attempt += 1) {
      socket = await new Promise<ReturnType<typeof connect> | undefined>((done) => {
        const s = connect(forward, '127.0.0.1', () => done(s)).once('error', () => done(undefined));
      });
      if (!socket) await new Promise((done) => setTimeout(done, 250));
    }
    expect(serve.stderr()).toContain(`Fluentd forward listener on 127.0.0.1:${forward}`);
    const record = { message: 'via serve --forward', level: 'INFO', time: '2026-11-24T10:41:03.123Z', hostname: 'c-9' };
    socket!.write(encode(['openstack.heat-engine', 1795517000, record, { chunk: 'via-serve' }]));
    const replies = decodeMultiStream(socket!)[Symbol.asyncIterator]();
    expect((await replies.next()).value).toEqual({ ack: 'via-serve' });
    socket!.end();
    const store = await openStore({ mongodbUri: testDb.uri, database: testDb.name }, { ensureIndexes: false });
    try {
      expect(await store.logs().countDocuments({ service: 'heat-engine', message: 'via serve --forward' })).toBe(1);
    } finally {
      await store.close();
    }
    serve.child.kill('SIGTERM');
    expect(await serve.exited).toBe(0);
  });

  it('exits 2 on a bad --forward port', async () => {
    const serve = run(['serve', '--forward', '24224x'], { MONGODB_URI: testDb.uri, LOGCAS_DB: testDb.name });
    expect(await serve.exited).toBe(2);
    expect(serve.stderr()).toContain('--forward must be a port number');
  });
});
