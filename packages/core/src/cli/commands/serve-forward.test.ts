import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { IoError, ValidationError } from '../../errors';
import { addForwardOptions, forwardListenerSettings, parseUsers } from './serve-forward';

/** The flags commander hands the serve command for this argv (with the defaults filled in). */
function flags(argv: string[], env: NodeJS.ProcessEnv = {}): Record<string, unknown> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const command = addForwardOptions(new Command('serve').exitOverride());
    command.parse(argv, { from: 'user' });
    return command.opts();
  } finally {
    for (const name of Object.keys(env)) delete process.env[name];
    Object.assign(process.env, saved);
  }
}

describe('logcas serve --forward flags', () => {
  const dir = mkdtempSync(join(tmpdir(), 'logcas-forward-flags-'));

  it('is off without --forward', async () => {
    expect(await forwardListenerSettings(flags([]), '127.0.0.1')).toBeUndefined();
  });

  it('takes the defaults, the API bind address and sizes in binary units', async () => {
    const settings = await forwardListenerSettings(
      flags(['--forward', '24224', '--forward-max-frame', '8m']),
      '0.0.0.0',
    );
    expect(settings).toMatchObject({
      port: 24224,
      host: '0.0.0.0',
      security: undefined,
      tls: undefined,
      limits: {
        maxFrameBytes: 8 << 20,
        maxInflatedBytes: 64 << 20,
        maxEntries: 100_000,
        maxConnections: 1000,
        maxBufferedBytes: 256 << 20,
        idleTimeoutMs: 3_600_000,
      },
    });
  });

  it('reads every flag from its LOGCAS_FORWARD_ variable', async () => {
    const settings = await forwardListenerSettings(
      flags([], {
        LOGCAS_FORWARD_PORT: '0',
        LOGCAS_FORWARD_BIND: '127.0.0.2',
        LOGCAS_FORWARD_SHARED_KEY: 'k',
        LOGCAS_FORWARD_SELF_HOSTNAME: 'logcas-1',
        LOGCAS_FORWARD_MAX_CONNECTIONS: '50',
        LOGCAS_FORWARD_IDLE_TIMEOUT: '30',
      }),
      '127.0.0.1',
    );
    expect(settings).toMatchObject({
      port: 0,
      host: '127.0.0.2',
      security: { sharedKey: 'k', selfHostname: 'logcas-1', users: [] },
      limits: { maxConnections: 50, idleTimeoutMs: 30_000 },
    });
  });

  it.each([
    [['--forward', '24224x'], '--forward must be a whole number from 0 to 65535, got 24224x'],
    [['--forward', '1', '--forward-max-frame', '16 parsecs'], '--forward-max-frame must be a size of at least 1KiB'],
    [['--forward', '1', '--forward-max-frame', '100'], '--forward-max-frame must be a size of at least 1KiB'],
    [['--forward', '1', '--forward-max-entries', '-5'], '--forward-max-entries must be a whole number'],
    [
      ['--forward', '1', '--forward-max-buffered', '1MiB'],
      '--forward-max-buffered must be at least --forward-max-frame',
    ],
    [['--forward', '1', '--forward-users-file', '/x'], '--forward-users-file needs --forward-shared-key'],
    [['--forward', '1', '--forward-tls-cert', '/x'], '--forward-tls-cert and --forward-tls-key go together'],
    [['--forward', '1', '--forward-tls-ca', '/x'], '--forward-tls-ca needs --forward-tls-cert and --forward-tls-key'],
  ])('refuses %j: %s', async (argv, message) => {
    const settings = forwardListenerSettings(flags(argv), '127.0.0.1');
    await expect(settings).rejects.toThrow(ValidationError);
    await expect(forwardListenerSettings(flags(argv), '127.0.0.1')).rejects.toThrow(message);
  });

  it('says which file it could not read', async () => {
    const argv = [
      '--forward',
      '1',
      '--forward-tls-cert',
      join(dir, 'missing.pem'),
      '--forward-tls-key',
      join(dir, 'k'),
    ];
    await expect(forwardListenerSettings(flags(argv), '127.0.0.1')).rejects.toThrow(IoError);
    await expect(forwardListenerSettings(flags(argv), '127.0.0.1')).rejects.toThrow(
      /--forward-tls-cert .*missing\.pem/,
    );
  });

  it('reads users as user:password lines', async () => {
    const file = join(dir, 'users');
    writeFileSync(file, '# who may send\nnova:pa:ss\n\nneutron:secret\n');
    const settings = await forwardListenerSettings(
      flags(['--forward', '1', '--forward-shared-key', 'k', '--forward-users-file', file]),
      '127.0.0.1',
    );
    expect(settings?.security?.users).toEqual([
      { username: 'nova', password: 'pa:ss' },
      { username: 'neutron', password: 'secret' },
    ]);
    expect(() => parseUsers('nova\n', 'users.txt')).toThrow('users.txt line 1: expected user:password');
    expect(() => parseUsers('# none\n', 'users.txt')).toThrow('users.txt names no user:password');
  });
});
