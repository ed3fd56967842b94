/**
 * The datasource as Grafana gets it: `npm run build`'s configuration (tools/plugin-build) builds
 * `module.js` into a fresh folder, and it is loaded as one anonymous AMD module whose dependencies are
 * Grafana's shared modules — the very instances this test process uses, as Grafana hands a plugin its own.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSourcePlugin } from '@grafana/data';
import type { LogcasDataSource } from '../../src/datasource';
import type { LogcasOptions, LogcasQuery, LogcasSecureJsonData } from '../../src/types';

export type BuiltPlugin = DataSourcePlugin<LogcasDataSource, LogcasQuery, LogcasOptions, LogcasSecureJsonData>;

/** What Grafana provides by name to a plugin's `define`. */
const SHARED: Record<string, () => unknown> = {
  '@grafana/data': () => jest.requireActual('@grafana/data'),
  '@grafana/runtime': () => jest.requireActual('@grafana/runtime'),
  '@grafana/ui': () => jest.requireActual('@grafana/ui'),
  '@grafana/schema': () => jest.requireActual('@grafana/schema'),
  react: () => jest.requireActual('react'),
  'react-dom': () => jest.requireActual('react-dom'),
  rxjs: () => jest.requireActual('rxjs'),
  'rxjs/operators': () => jest.requireActual('rxjs/operators'),
  lodash: () => jest.requireActual('lodash'),
};

/** Builds the datasource (minified, as shipped) and evaluates its module.js; returns the `plugin` export. */
export function buildAndLoadPlugin(packageDir: string): BuiltPlugin {
  const outDir = mkdtempSync(join(tmpdir(), 'logcas-walk-dist-'));
  try {
    const tsx = require.resolve('tsx/cli');
    execFileSync(process.execPath, [tsx, join(__dirname, 'build-to.ts'), packageDir, outDir], { stdio: 'pipe' });
    const code = readFileSync(join(outDir, 'module.js'), 'utf8');
    let exported: { plugin?: BuiltPlugin } | undefined;
    const define = (deps: string[], factory: (...modules: unknown[]) => { plugin?: BuiltPlugin }): void => {
      const missing = deps.filter((dep) => !SHARED[dep]);
      if (missing.length > 0) throw new Error(`module.js asks for modules Grafana does not share: ${missing}`);
      exported = factory(...deps.map((dep) => SHARED[dep]!()));
    };
    new Function('define', code)(define);
    if (!exported?.plugin) throw new Error('module.js did not define a module exporting `plugin`');
    return exported.plugin;
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}
