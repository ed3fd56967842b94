/**
 * One tsup configuration for a Grafana frontend plugin:
 *   src/module.ts ──esbuild (CJS, shared modules external, everything else bundled)──▶ wrap as AMD ──▶ dist/module.js
 *   src/plugin.json (%VERSION%, %TODAY% filled), README.md, CHANGELOG.md, LICENSE, img/ ──copy──▶ dist/
 */
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Options } from 'tsup';
import { AMD_PREFIX_LINES, assertOnlyShared, requiredModules, shiftSourceMap, wrapCjsAsAmd } from './amd';
import { GRAFANA_SHARED_MODULES, isSharedModule } from './shared-modules';

type EsbuildPlugin = NonNullable<Options['esbuildPlugins']>[number];
type TsupPlugin = NonNullable<Options['plugins']>[number];

export interface GrafanaPluginBuildOptions {
  /** The plugin package folder (holds package.json, src/plugin.json, README.md…). Default: the current folder. */
  packageDir?: string;
  /** Entry file, relative to packageDir. Default `src/module.ts`. */
  entry?: string;
  /** Output folder, relative to packageDir. Default `dist`. */
  outDir?: string;
  /** Modules Grafana provides by name. Default GRAFANA_SHARED_MODULES. */
  shared?: readonly string[];
  /** Files or folders (relative to packageDir) copied into outDir when they exist. */
  assets?: readonly string[];
  /** Minify module.js. Default true. */
  minify?: boolean;
}

const DEFAULT_ASSETS = ['README.md', 'CHANGELOG.md', 'LICENSE', 'img'] as const;

/** esbuild plugin: leaves exactly the shared modules external, so everything else must resolve and be bundled. */
export function sharedModulesExternal(shared: readonly string[] = GRAFANA_SHARED_MODULES): EsbuildPlugin {
  return {
    name: 'grafana-shared-modules',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) =>
        isSharedModule(args.path, shared) ? { path: args.path, external: true } : undefined,
      );
    },
  };
}

/** tsup plugin: fails on non-shared externals, then wraps the CJS chunk as one anonymous AMD module. */
export function amdWrap(shared: readonly string[] = GRAFANA_SHARED_MODULES): TsupPlugin {
  return {
    name: 'grafana-amd-wrap',
    renderChunk(code, info) {
      if (info.type !== 'chunk' || !/\.js$/.test(info.path)) return undefined;
      const fromMetafile = (info.imports ?? []).filter((i) => i.external).map((i) => i.path);
      const modules = [...new Set([...fromMetafile, ...requiredModules(code)])];
      assertOnlyShared(modules, shared);
      // tsup keeps the chunk's own map when we return none: shift it to follow the wrapper's prefix lines.
      if (info.map) info.map = shiftSourceMap(info.map as string, AMD_PREFIX_LINES);
      return { code: wrapCjsAsAmd(code, modules) };
    },
  };
}

/** Copies plugin.json with %VERSION% and %TODAY% filled, and the assets that exist. */
export function copyPluginFiles(packageDir: string, outDir: string, assets: readonly string[] = DEFAULT_ASSETS): void {
  const pkg = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version?: string };
  const source = join(packageDir, 'src', 'plugin.json');
  if (!existsSync(source)) throw new Error(`${source} is missing: every Grafana plugin needs a plugin.json`);
  const today = new Date().toISOString().slice(0, 10);
  const text = readFileSync(source, 'utf8')
    .replaceAll('%VERSION%', pkg.version ?? '0.0.0')
    .replaceAll('%TODAY%', today);
  JSON.parse(text); // fail the build on a broken plugin.json rather than in Grafana
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'plugin.json'), text);
  for (const asset of assets) {
    const from = join(packageDir, asset);
    if (!existsSync(from)) continue;
    cpSync(from, join(outDir, asset), { recursive: true });
  }
}

/** The tsup options that build a Grafana plugin into `dist/module.js` (AMD) plus its static files. */
export function grafanaPluginConfig(options: GrafanaPluginBuildOptions = {}): Options {
  const packageDir = resolve(options.packageDir ?? process.cwd());
  const outDir = resolve(packageDir, options.outDir ?? 'dist');
  const shared = options.shared ?? GRAFANA_SHARED_MODULES;
  return {
    entry: { module: resolve(packageDir, options.entry ?? 'src/module.ts') },
    outDir,
    format: ['cjs'],
    outExtension: () => ({ js: '.js' }),
    platform: 'browser',
    target: 'es2020',
    bundle: true,
    splitting: false,
    clean: true,
    dts: false,
    sourcemap: true,
    minify: options.minify ?? true,
    // tsup would leave package.json dependencies external; here only the shared modules may be.
    noExternal: [/.*/],
    tsconfig: join(packageDir, 'tsconfig.json'),
    esbuildPlugins: [sharedModulesExternal(shared)],
    esbuildOptions(esbuild) {
      esbuild.jsx = 'transform';
      esbuild.jsxFactory = 'React.createElement';
      esbuild.jsxFragment = 'React.Fragment';
      esbuild.define = { ...esbuild.define, 'process.env.NODE_ENV': '"production"' };
    },
    plugins: [amdWrap(shared)],
    onSuccess: async () => copyPluginFiles(packageDir, outDir, options.assets ?? DEFAULT_ASSETS),
  };
}
