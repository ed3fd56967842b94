/**
 * README's "Run it" command on a fresh clone, as a newcomer runs it: no MONGODB_URI, no FerretDB built, no
 * dist/. `npm ci` links `logcas` (which says how to build until it is built); `npm start` builds the core and
 * FerretDB, serves the API with demo traffic, and stops cleanly on Ctrl-C (SIGINT to its process group).
 * Only the API port is added to the command. Packages come from npm's cache when it has them.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../../scripts/local-server';

const REPO = resolve(__dirname, '../..');

/** The first ```sh block under "## Run it" in README.md. */
function readmeRunCommand(): string {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Run it'));
  const block = /```sh\n([^`]+)```/.exec(section)?.[1]?.trim();
  if (!block) throw new Error('README.md has no ```sh block under "## Run it"');
  return block;
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

describe("README's run command on a fresh clone", () => {
  const dir = mkdtempSync(join(tmpdir(), 'logcas-first-minute-'));
  const clone = join(dir, 'logcas');
  // A newcomer's shell: nothing that points at a server, and none of the variables that `npm run` and jest set
  // for this process (npm's own would aim the clone's npm at this checkout).
  const env: NodeJS.ProcessEnv = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !/^(npm_|MONGODB_URI$|LOGCAS_|INIT_CWD$|NODE_ENV$|JEST_WORKER_ID$)/i.test(name),
    ),
  );
  env.npm_config_prefer_offline = 'true';

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('installs, starts with its own database, serves logs, and stops on Ctrl-C', async () => {
    const command = readmeRunCommand();
    expect(command).toBe('npm ci && npm start');
    const cloned = spawnSync('git', ['clone', '--quiet', REPO, clone], { encoding: 'utf8' });
    expect(cloned.stderr).toBe('');

    const [install, start] = command.split(' && ') as [string, string];
    const installed = spawnSync('bash', ['-c', install], { cwd: clone, env, encoding: 'utf8' });
    if (installed.status !== 0) throw new Error(`${install} failed:\n${installed.stderr.slice(-3000)}`);
    // The command is linked before anything is built, and says what to do.
    const early = spawnSync(join(clone, 'node_modules/.bin/logcas'), ['--help'], { cwd: clone, env, encoding: 'utf8' });
    expect(early.status).toBe(2);
    expect(early.stderr).toMatch(/not built yet.*npm run build -w @logcas\/contract -w @logcas\/core/);

    const port = await freePort();
    let output = '';
    const child = spawn('bash', ['-c', `${start} -- --port ${port}`], { cwd: clone, env, detached: true });
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    const pgid = child.pid as number;
    try {
      let items = 0;
      for (let i = 0; i < 600 && items === 0; i += 1) {
        if (child.exitCode !== null) throw new Error(`npm start exited ${child.exitCode}`);
        await sleep(500);
        const logs = await fetch(`http://127.0.0.1:${port}/api/v1/logs?limit=5`).catch(() => undefined);
        if (logs?.ok) items = ((await logs.json()) as { items: unknown[] }).items.length;
      }
      expect(items).toBeGreaterThan(0);
      const health = await fetch(`http://127.0.0.1:${port}/api/v1/health`);
      expect(health.status).toBe(200);
      expect(output).toMatch(/no MONGODB_URI and no FerretDB built yet; building it/);
      expect(output).toMatch(/started FerretDB .* at mongodb:\/\/127\.0\.0\.1:\d+\//);
      const cli = spawnSync(join(clone, 'node_modules/.bin/logcas'), ['--help'], { cwd: clone, env, encoding: 'utf8' });
      expect(cli.status).toBe(0);
      expect(cli.stdout).toMatch(/Usage: logcas/);

      process.kill(-pgid, 'SIGINT');
      await Promise.race([exited, sleep(60_000)]);
      for (let i = 0; i < 60 && groupAlive(pgid); i += 1) await sleep(500);
      expect(groupAlive(pgid)).toBe(false);
      expect(output).toMatch(/SIGINT received, shutting down/);
    } catch (error) {
      throw new Error(`${(error as Error).message}\n--- npm start output (end) ---\n${output.slice(-4000)}`);
    } finally {
      if (groupAlive(pgid)) process.kill(-pgid, 'SIGKILL');
    }
  });
});
