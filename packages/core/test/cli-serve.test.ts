/**
 * `logcas serve` as a real process: listens, answers, stores what the forward listener receives, and stops
 * cleanly on SIGTERM; bad flags exit 2.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { encode } from '@msgpack/msgpack';
import { freePort } from '../../../scripts/local-server';
import { openStore } from '../src/store/connection';
import { useTestDatabase } from './support/database';
import { client } from './support/forward-client';

const MAIN = resolve(__dirname, '../src/cli/main.ts');

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

/** Waits (up to 30 s) for the process to say `text` on stderr. */
async function untilStderr(serve: ReturnType<typeof run>, text: string): Promise<void> {
  for (let attempt = 0; attempt < 120 && !serve.stderr().includes(text); attempt += 1) {
    await new Promise((done) => setTimeout(done, 250));
  }
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

  /** Runs `serve --forward` with `bind` until it says where it listens, stops it; what it said. */
  async function startAndStop(bind: string[]): Promise<{ stderr: string; port: number; forward: number }> {
    const [port, forward] = [await freePort(), await freePort()];
    const serve = run(['serve', '--port', String(port), '--forward', String(forward), ...bind], {
      MONGODB_URI: testDb.uri,
      LOGCAS_DB: testDb.name,
      LOGCAS_API_TOKEN: '',
    });
    await untilStderr(serve, 'API listening');
    serve.child.kill('SIGTERM');
    expect(await serve.exited).toBe(0);
    return { stderr: serve.stderr(), port, forward };
  }

  it('on 0.0.0.0 without a token, says where it really listens and warns, for the API and the forward port', async () => {
    const { stderr, port, forward } = await startAndStop(['--bind', '0.0.0.0']);
    expect(stderr).toContain(`API listening on 0.0.0.0:${port} (all IPv4 interfaces), http://127.0.0.1:${port}/api/v1`);
    expect(stderr).toContain(`WARNING: the API on 0.0.0.0:${port} (all IPv4 interfaces) answers anyone`);
    expect(stderr).toContain(`Fluentd forward listener on 0.0.0.0:${forward} (all IPv4 interfaces)`);
    expect(stderr).toContain(
      `WARNING: the forward port 0.0.0.0:${forward} (all IPv4 interfaces) stores records from anyone`,
    );
  });

  it('does not warn when both listen on localhost', async () => {
    const { stderr, port } = await startAndStop([]);
    expect(stderr).toContain(`API listening on http://127.0.0.1:${port}/api/v1`);
    expect(stderr).not.toContain('WARNING');
  });

  it('exits 2 when LOGCAS_API_TOKEN has whitespace in it, saying so', async () => {
    const serve = run(['serve', '--port', String(await freePort())], {
      MONGODB_URI: testDb.uri,
      LOGCAS_DB: testDb.name,
      LOGCAS_API_TOKEN: 'secret\n',
    });
    expect(await serve.exited).toBe(2);
    expect(serve.stderr()).toContain('LOGCAS_API_TOKEN contains whitespace ("\\n" at character 7)');
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
    await untilStderr(serve, 'Fluentd forward listener');
    expect(serve.stderr()).toContain(`Fluentd forward listener on 127.0.0.1:${forward}`);
    const fluent = await client(forward);
    const record = { message: 'via serve --forward', level: 'INFO', time: '2026-11-24T10:41:03.123Z', hostname: 'c-9' };
    fluent.send(encode(['openstack.heat-engine', 1795517000, record, { chunk: 'via-serve' }]));
    expect(await fluent.reply()).toEqual({ ack: 'via-serve' });
    fluent.socket.end();
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
    expect(serve.stderr()).toContain('--forward must be a whole number from 0 to 65535, got 24224x');
  });
});
