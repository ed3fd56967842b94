/**
 * The Python virtualenvs two tests drive real tools from (the oslo.log producer, schemathesis). Each is made
 * by its script in scripts/ from versions pinned there, on first use, so `npm test` works on a fresh machine
 * with PyPI reachable; the script does nothing when the venv is already right. A machine that can not make
 * one fails the test with the script's own message (e.g. which Debian package to install).
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const SCRIPTS = resolve(__dirname, '../../../../scripts');

/** Runs `scripts/<name>-venv.sh` and returns the venv's path; throws with what went wrong. */
export function ensureVenv(name: 'oslo' | 'schemathesis'): string {
  const script = resolve(SCRIPTS, `${name}-venv.sh`);
  const made = spawnSync(script, { encoding: 'utf8', timeout: 600_000 });
  if (made.status !== 0) {
    throw new Error(
      `scripts/${name}-venv.sh could not make the ${name} virtualenv (it installs pinned versions from PyPI): ` +
        `${made.error?.message ?? ''}${made.stderr.slice(-2000)}`,
    );
  }
  return made.stdout.trim().split('\n').at(-1) as string;
}
