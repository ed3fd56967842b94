import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir } from '../paths';

/** What is stored next to a cached bundle: the version of every package that went into it. */
export interface BundleManifest {
  key: string;
  builtAt: string;
  buildMs: number;
  modules: string[];
  /** package folder (relative to the repository root) → version, taken from the build's inputs. */
  packages: Record<string, string>;
}

const LOCK_STALE_MS = 10 * 60_000;
const LOCK_POLL_MS = 200;

export function hashOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 20);
}

// Not `.js`: the repository's ESLint walks every .js file, and a 13 MB bundle is not ours to lint.
export function bundlePaths(key: string): { script: string; manifest: string } {
  return { script: join(cacheDir, `shared-${key}.jsbundle`), manifest: join(cacheDir, `shared-${key}.json`) };
}

export function readVersion(packageFolder: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(join(packageFolder, 'package.json'), 'utf8')) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

/**
 * A cached bundle is valid when both files exist and every package it was built from still has
 * the recorded version (catches a changed transitive dependency that the key alone does not see).
 */
export function readValidManifest(key: string, root: string): BundleManifest | undefined {
  const { script, manifest } = bundlePaths(key);
  if (!existsSync(script) || !existsSync(manifest)) return undefined;
  try {
    const parsed = JSON.parse(readFileSync(manifest, 'utf8')) as BundleManifest;
    const stale = Object.entries(parsed.packages).some(([dir, version]) => readVersion(join(root, dir)) !== version);
    return stale ? undefined : parsed;
  } catch {
    return undefined;
  }
}

/** Writes the bundle and its manifest atomically (write then rename) and drops older bundles. */
export function writeBundle(key: string, code: Uint8Array, manifest: BundleManifest): void {
  const paths = bundlePaths(key);
  const suffix = `.tmp-${process.pid}`;
  writeFileSync(paths.script + suffix, code);
  writeFileSync(paths.manifest + suffix, JSON.stringify(manifest, null, 2));
  renameSync(paths.script + suffix, paths.script);
  renameSync(paths.manifest + suffix, paths.manifest);
  for (const name of readdirSync(cacheDir)) {
    if (name.startsWith('shared-') && !name.startsWith(`shared-${key}.`)) rmSync(join(cacheDir, name), { force: true });
  }
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/**
 * Runs `work` while holding a directory lock in the cache, so parallel jest workers or packages
 * build the big bundle once instead of each burning a core on it.
 */
export async function withBuildLock<T>(work: () => Promise<T>): Promise<T> {
  mkdirSync(cacheDir, { recursive: true });
  const lock = join(cacheDir, 'build.lock');
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > LOCK_STALE_MS) rmSync(lock, { recursive: true, force: true });
      else await sleep(LOCK_POLL_MS);
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
