import { build, version as esbuildVersion, type Plugin } from 'esbuild';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageDir, repoRoot } from '../paths';
import { bundlePaths, hashOf, readValidManifest, readVersion, withBuildLock, writeBundle } from './cache';
import type { BundleManifest } from './cache';
import { OPTIONAL_SHARED_MODULES, REQUIRED_SHARED_MODULES, packageOf } from './shared-modules';

/** The cached shared-modules script. */
export interface SharedBundle {
  /** Absolute path of the script. */
  path: string;
  key: string;
  /** The module names it registers in SystemJS. */
  modules: string[];
  /** True when this call built it; false when it came from the cache. */
  built: boolean;
  /** How long the build took (of this call when built, else of the cached build). */
  buildMs: number;
}

const runtimeFile = join(__dirname, '..', 'browser', 'runtime.ts');
const ENTRY = 'browser-harness:shared-entry';
// The sources that decide what the bundle contains: a change to any of them means a rebuild.
const keySources = [runtimeFile, join(__dirname, 'build.ts'), join(__dirname, 'shared-modules.ts')];

function sharedModules(): string[] {
  const missing = REQUIRED_SHARED_MODULES.filter((name) => !packageDir(packageOf(name)));
  if (missing.length > 0) {
    throw new Error(`browser-harness: shared modules not installed in ${repoRoot}/node_modules: ${missing.join(', ')}`);
  }
  const optional = OPTIONAL_SHARED_MODULES.filter((name) => packageDir(packageOf(name)));
  return [...REQUIRED_SHARED_MODULES, ...optional];
}

function cacheKey(modules: string[]): string {
  const versions = Object.fromEntries(modules.map((name) => [name, readVersion(packageDir(packageOf(name)) ?? '')]));
  const sources = keySources.map((file) => readFileSync(file, 'utf8'));
  return hashOf({ esbuildVersion, versions, sources });
}

function entrySource(modules: string[]): string {
  const lines = modules.map((name) => `modules[${JSON.stringify(name)}] = require(${JSON.stringify(name)});`);
  return ['var modules = {};', ...lines, `require(${JSON.stringify(runtimeFile)}).installHarness(modules);`].join('\n');
}

/**
 * The generated entry `require`s each shared module; resolve those like an `import` so the entry gets the
 * same (ESM) file that @grafana/* import internally — one instance of each package, never an ESM and a CJS copy.
 */
function sharedEntryPlugin(modules: string[]): Plugin {
  return {
    name: 'browser-harness-shared-entry',
    setup(b) {
      b.onResolve({ filter: /^browser-harness:shared-entry$/ }, (args) => ({ path: args.path, namespace: 'harness' }));
      b.onLoad({ filter: /.*/, namespace: 'harness' }, () => ({
        contents: entrySource(modules),
        resolveDir: repoRoot,
        loader: 'js',
      }));
      b.onResolve({ filter: /.*/, namespace: 'harness' }, async (args) => {
        if (args.path === runtimeFile) return { path: runtimeFile };
        const resolved = await b.resolve(args.path, { kind: 'import-statement', resolveDir: args.resolveDir });
        return resolved.errors.length > 0 ? { errors: resolved.errors } : { path: resolved.path };
      });
    },
  };
}

/** package folder (relative) → version for every package whose files went into the bundle. */
function inputPackages(inputs: string[]): Record<string, string> {
  const packages: Record<string, string> = {};
  for (const input of inputs) {
    const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (!match?.[1] || packages[match[1]] !== undefined) continue;
    packages[match[1]] = readVersion(join(repoRoot, match[1])) ?? 'unknown';
  }
  return packages;
}

async function buildBundle(key: string, modules: string[]): Promise<BundleManifest> {
  const started = Date.now();
  const result = await build({
    absWorkingDir: repoRoot,
    entryPoints: [ENTRY],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    metafile: true,
    logLevel: 'silent',
    legalComments: 'none',
    minifyWhitespace: true,
    plugins: [sharedEntryPlugin(modules)],
    define: {
      'process.env.NODE_ENV': '"production"',
      global: 'globalThis',
      // Keep UMD wrappers inside the bundle from registering themselves through SystemJS's AMD define.
      define: 'undefined',
    },
    loader: {
      '.css': 'empty',
      '.scss': 'empty',
      '.svg': 'text',
      '.png': 'dataurl',
      '.gif': 'dataurl',
      '.jpg': 'dataurl',
      '.woff': 'empty',
      '.woff2': 'empty',
      '.ttf': 'empty',
      '.eot': 'empty',
    },
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error('browser-harness: esbuild produced no output for the shared bundle');
  const manifest: BundleManifest = {
    key,
    builtAt: new Date().toISOString(),
    buildMs: Date.now() - started,
    modules,
    packages: inputPackages(Object.keys(result.metafile.inputs)),
  };
  writeBundle(key, output.contents, manifest);
  return manifest;
}

function describeFailure(error: unknown): Error {
  const errors = (error as { errors?: { text: string; location?: { file: string; line: number } | null }[] }).errors;
  if (!errors?.length) return error instanceof Error ? error : new Error(String(error));
  const lines = errors
    .slice(0, 10)
    .map((e) => `  ${e.location ? `${e.location.file}:${e.location.line}: ` : ''}${e.text}`);
  return new Error(`browser-harness: building the shared-modules bundle failed:\n${lines.join('\n')}`, {
    cause: error,
  });
}

/**
 * Returns the shared-modules bundle, building it with esbuild only when the cache key (versions of the
 * shared packages, esbuild and the harness runtime) or any bundled package's version changed.
 */
export async function ensureSharedBundle(options: { force?: boolean } = {}): Promise<SharedBundle> {
  const modules = sharedModules();
  const key = cacheKey(modules);
  const path = bundlePaths(key).script;
  const cached = options.force ? undefined : readValidManifest(key, repoRoot);
  if (cached) return { path, key, modules, built: false, buildMs: cached.buildMs };
  return withBuildLock(async () => {
    // Another process may have built it while this one waited for the lock.
    const again = options.force ? undefined : readValidManifest(key, repoRoot);
    if (again) return { path, key, modules, built: false, buildMs: again.buildMs };
    try {
      const manifest = await buildBundle(key, modules);
      return { path, key, modules, built: true, buildMs: manifest.buildMs };
    } catch (error) {
      throw describeFailure(error);
    }
  });
}
