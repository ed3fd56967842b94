/**
 * The forward listener's shared_key handshake, user authentication and TLS, against a client written by
 * the Fluent organisation (@fluent-org/logger), storing into the real server.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as connectTls } from 'node:tls';
import { encode } from '@msgpack/msgpack';
import { FluentClient, FluentSocketEvent, type FluentClientOptions } from '@fluent-org/logger';
import {
  startForwardListener,
  type ForwardListener,
  type ForwardListenerOptions,
} from '../src/ingest/forward/listener';
import type { Store } from '../src/store/connection';
import { openTestStore } from './archive-helpers';
import { useTestDatabase } from './support/database';
import { client, fluentRecord } from './support/forward-client';

const SECURITY = { sharedKey: 'correct horse battery staple', selfHostname: 'logcas-test-server', users: [] };

/** A self-signed certificate for 127.0.0.1 and localhost, made with the openssl command. */
function makeCertificate(dir: string): { cert: string; key: string } {
  const keyPath = join(dir, 'key.pem');
  const certPath = join(dir, 'cert.pem');
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '2',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=IP:127.0.0.1,DNS:localhost',
        '-keyout',
        keyPath,
        '-out',
        certPath,
      ],
      { stdio: 'pipe' },
    );
  } catch (error) {
    throw new Error(`the TLS tests need the openssl command (apt-get install openssl): ${(error as Error).message}`);
  }
  return { cert: readFileSync(certPath, 'utf8'), key: readFileSync(keyPath, 'utf8') };
}

describe('forward listener security, with the Fluent organisation client', () => {
  const testDb = useTestDatabase();
  let store: Store;
  const listeners: ForwardListener[] = [];
  const clients: FluentClient[] = [];
  let certificate: { cert: string; key: string };
  let dir: string;

  beforeAll(async () => {
    store = await openTestStore(testDb);
    dir = mkdtempSync(join(tmpdir(), 'logcas-forward-tls-'));
    certificate = makeCertificate(dir);
  });
  afterAll(async () => {
    for (const fluent of clients) await Promise.race([fluent.disconnect(), new Promise((r) => setTimeout(r, 1000))]);
    for (const listener of listeners) await listener.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function listen(options: Partial<ForwardListenerOptions>): Promise<ForwardListener> {
    const listener = await startForwardListener({ store, port: 0, ...options });
    listeners.push(listener);
    return listener;
  }

  function fluent(port: number, options: Partial<FluentClientOptions>): { client: FluentClient; errors: Error[] } {
    const errors: Error[] = [];
    const fluentClient = new FluentClient('openstack', {
      ack: { ackTimeout: 10000 },
      ...options,
      socket: { host: '127.0.0.1', port, timeout: -1, disableReconnect: false, ...options.socket },
    });
    fluentClient.socketOn(FluentSocketEvent.ERROR, (error: Error) => errors.push(error));
    clients.push(fluentClient);
    return { client: fluentClient, errors };
  }

  async function waitFor(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
    for (let i = 0; i < 200; i += 1) {
      if (await check()) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  it.each(['Message', 'Forward', 'PackedForward', 'CompressedPackedForward'] as const)(
    'stores and acknowledges %s records from a client that knows the shared key',
    async (eventMode) => {
      const listener = await listen({ security: SECURITY });
      const { client: sender, errors } = fluent(listener.port, {
        eventMode,
        security: { clientHostname: 'compute-1.example.net', sharedKey: SECURITY.sharedKey },
      });
      const service = `sec-${eventMode.toLowerCase()}`;
      // Each emit resolves once the server acknowledged the chunk holding it.
      await Promise.all([1, 2, 3].map((n) => sender.emit(service, fluentRecord(500 + n))));
      expect(errors).toEqual([]);
      expect(await store.logs().countDocuments({ service })).toBe(3);
      expect(listener.stats().authFailures).toBe(0);
    },
  );

  it('refuses a wrong shared key with the reason, and stores nothing', async () => {
    const listener = await listen({ security: SECURITY });
    const { client: sender, errors } = fluent(listener.port, {
      security: { clientHostname: 'compute-1.example.net', sharedKey: 'wrong key' },
    });
    void sender.emit('sec-wrong-key', fluentRecord(600)).catch(() => undefined);
    await waitFor(() => errors.length > 0, 'the client to be refused');
    expect(errors[0]?.message).toMatch(/shared_key mismatch/);
    await waitFor(() => listener.stats().authFailures > 0, 'the listener to count the failure');
    expect(await store.logs().countDocuments({ service: 'sec-wrong-key' })).toBe(0);
  });

  it('with users, needs the right username and password as well', async () => {
    const users = [{ username: 'nova', password: 'n0va-pass' }];
    const listener = await listen({ security: { ...SECURITY, users } });
    const good = fluent(listener.port, {
      security: { clientHostname: 'compute-2', sharedKey: SECURITY.sharedKey, username: 'nova', password: 'n0va-pass' },
    });
    await good.client.emit('sec-user', fluentRecord(700));
    expect(await store.logs().countDocuments({ service: 'sec-user' })).toBe(1);

    const bad = fluent(listener.port, {
      security: { clientHostname: 'compute-3', sharedKey: SECURITY.sharedKey, username: 'nova', password: 'guess' },
    });
    void bad.client.emit('sec-user-bad', fluentRecord(701)).catch(() => undefined);
    await waitFor(() => bad.errors.length > 0, 'the client to be refused');
    expect(bad.errors[0]?.message).toMatch(/username\/password mismatch/);
    expect(await store.logs().countDocuments({ service: 'sec-user-bad' })).toBe(0);
  });

  it('answers records sent without the handshake with a failed PONG and closes', async () => {
    const listener = await listen({ security: SECURITY });
    const raw = await client(listener.port);
    const helo = (await raw.reply()) as [string, { nonce: Uint8Array; auth: unknown; keepalive: boolean }];
    expect(helo[0]).toBe('HELO');
    expect(helo[1].nonce).toHaveLength(16);
    expect(helo[1]).toMatchObject({ auth: '', keepalive: true });
    raw.send(encode(['openstack.sec-raw', 1795517000, fluentRecord(800), { chunk: 'no-handshake' }]));
    expect(await raw.reply()).toEqual(['PONG', false, 'invalid ping message', '', '']);
    await raw.closed;
    expect(await store.logs().countDocuments({ service: 'sec-raw' })).toBe(0);
  });

  it('closes a connection that does not finish the handshake in time, or sends a large PING', async () => {
    const listener = await listen({ security: SECURITY, limits: { handshakeTimeoutMs: 300 } });
    // A socket's close is only seen once what came before it (the HELO) has been read.
    const silent = await client(listener.port);
    expect(await silent.reply()).toEqual(['HELO', expect.anything()]);
    expect(await silent.reply()).toBeUndefined();
    expect(listener.stats().timeouts).toBe(1);
    const large = await client(listener.port);
    large.send(encode(['PING', 'x'.repeat(100_000)]));
    expect(await large.reply()).toEqual(['HELO', expect.anything()]);
    expect(await large.reply()).toBeUndefined();
    expect(listener.stats().protocolErrors).toBe(1);
  });

  it('speaks TLS, with the shared key inside it; a plain-text client gets nothing', async () => {
    const listener = await listen({ security: SECURITY, tls: certificate });
    expect(listener.tls).toBe(true);
    const { client: sender, errors } = fluent(listener.port, {
      eventMode: 'CompressedPackedForward',
      security: { clientHostname: 'compute-4', sharedKey: SECURITY.sharedKey },
      socket: { host: '127.0.0.1', port: listener.port, tls: { ca: certificate.cert, servername: 'localhost' } },
    });
    await sender.emit('sec-tls', fluentRecord(900));
    expect(errors).toEqual([]);
    expect(await store.logs().countDocuments({ service: 'sec-tls' })).toBe(1);

    const plain = await client(listener.port);
    plain.send(encode(['openstack.sec-plain', 1795517000, fluentRecord(901)]));
    await plain.closed;
    await waitFor(() => listener.stats().authFailures > 0, 'the failed TLS handshake to be counted');
    // A TLS client that does not trust the certificate never gets as far as the handshake either.
    const untrusting = connectTls({ host: '127.0.0.1', port: listener.port, rejectUnauthorized: true });
    await new Promise<void>((resolve) => untrusting.once('error', () => resolve()));
    untrusting.destroy();
    expect(await store.logs().countDocuments({ service: 'sec-plain' })).toBe(0);
  });
});
