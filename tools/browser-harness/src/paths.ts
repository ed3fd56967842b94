import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The repository root (where the shared node_modules live). */
export const repoRoot = resolve(__dirname, '../../..');

/** tools/browser-harness itself. */
export const harnessRoot = resolve(__dirname, '..');

/** Git-ignored cache for the shared-modules bundle. */
export const cacheDir = join(harnessRoot, '.cache');

/** Folder of an installed package, or undefined when it is not installed at the repository root. */
export function packageDir(name: string): string | undefined {
  const dir = join(repoRoot, 'node_modules', name);
  return existsSync(join(dir, 'package.json')) ? dir : undefined;
}
