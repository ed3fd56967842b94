/**
 * @jest-environment node
 */
/** tools/plugin-build: the CJS → AMD wrapper and the build that refuses non-shared externals. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'tsup';
import {
  AMD_PREFIX_LINES,
  ExternalModuleError,
  assertOnlyShared,
  grafanaPluginConfig,
  requiredModules,
  shiftSourceMap,
  wrapCjsAsAmd,
} from '../../../tools/plugin-build';

/** Evaluates AMD code with a `define` that records deps and runs the factory with `provide`. */
function loadAmd(code: string, provide: Record<string, unknown>): { deps: string[]; exports: Record<string, unknown> } {
  let result: { deps: string[]; exports: Record<string, unknown> } | undefined;
  const define = (deps: string[], factory: (...args: unknown[]) => Record<string, unknown>): void => {
    result = { deps, exports: factory(...deps.map((d) => provide[d])) };
  };
  new Function('define', code)(define);
  if (!result) throw new Error('define was not called');
  return result;
}

describe('wrapCjsAsAmd', () => {
  const cjs = '"use strict";\nvar r = require("react");\nexports.plugin = { made: r.createElement("div") };\n';

  test('makes one anonymous define whose factory hands the deps to require and returns the exports', () => {
    const amd = wrapCjsAsAmd(cjs, ['react']);
    expect(amd.startsWith('define(["react"], function (__shared0) {')).toBe(true);
    const { deps, exports } = loadAmd(amd, { react: { createElement: (tag: string) => `<${tag}>` } });
    expect(deps).toEqual(['react']);
    expect(exports).toEqual({ plugin: { made: '<div>' } });
    expect(amd.split('\n').indexOf('"use strict";')).toBe(AMD_PREFIX_LINES);
  });

  test('a module not in the deps fails at runtime with its name', () => {
    const amd = wrapCjsAsAmd('require("left-pad");', []);
    expect(() => loadAmd(amd, {})).toThrow('Module "left-pad" is not provided to this plugin');
  });
});

test('requiredModules finds literal requires only', () => {
  const code =
    'var a=require("react"),b=require( \'rxjs/operators\' );x.require("no");function require2(){};typeof require';
  expect(requiredModules(code)).toEqual(['react', 'rxjs/operators']);
});

test('assertOnlyShared names every module Grafana does not provide', () => {
  expect(() => assertOnlyShared(['react', '@grafana/data'])).not.toThrow();
  expect(() => assertOnlyShared(['react', 'left-pad', 'lodash/get'])).toThrow(ExternalModuleError);
  expect(() => assertOnlyShared(['left-pad', 'lodash/get'])).toThrow(/"left-pad", "lodash\/get"/);
});

test('shiftSourceMap moves mappings down by whole lines', () => {
  expect(JSON.parse(shiftSourceMap('{"version":3,"mappings":"AAAA"}', 2)).mappings).toBe(';;AAAA');
});

describe('grafanaPluginConfig (a real tsup build)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'logcas-plugin-build-'));
    mkdirSync(join(dir, 'src'));
    mkdirSync(join(dir, 'img'));
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'x', version: '1.2.3' }));
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { jsx: 'react' } }));
    writeFileSync(
      join(dir, 'src', 'plugin.json'),
      '{"id":"x-y-panel","info":{"version":"%VERSION%","updated":"%TODAY%"}}',
    );
    writeFileSync(join(dir, 'img', 'logo.svg'), '<svg/>');
    writeFileSync(join(dir, 'README.md'), '# x');
    writeFileSync(join(dir, 'src', 'helper.ts'), 'export const twice = (n: number): number => n * 2;');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('bundles local code, leaves shared modules to define, copies plugin files', async () => {
    writeFileSync(
      join(dir, 'src', 'module.ts'),
      "import { of } from 'rxjs';\nimport { twice } from './helper';\nexport const plugin = { value: twice(21), of };\n",
    );
    await build({ ...grafanaPluginConfig({ packageDir: dir, minify: false }), silent: true });
    const code = readFileSync(join(dir, 'dist', 'module.js'), 'utf8');
    const rxjs = { of: 'rxjs.of' };
    const { deps, exports } = loadAmd(code, { rxjs });
    expect(deps).toEqual(['rxjs']);
    expect(exports.plugin).toEqual({ value: 42, of: 'rxjs.of' });
    const pluginJson = JSON.parse(readFileSync(join(dir, 'dist', 'plugin.json'), 'utf8'));
    expect(pluginJson.info.version).toBe('1.2.3');
    expect(pluginJson.info.updated).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(readFileSync(join(dir, 'dist', 'img', 'logo.svg'), 'utf8')).toBe('<svg/>');
    expect(readFileSync(join(dir, 'dist', 'README.md'), 'utf8')).toBe('# x');
  });

  test('fails when a module would stay external that Grafana does not share', async () => {
    writeFileSync(join(dir, 'src', 'module.ts'), "import leftPad from 'left-pad';\nexport const plugin = leftPad;\n");
    const options = grafanaPluginConfig({ packageDir: dir });
    // Someone marks a package external (as tsup would do for a package.json dependency): the build must refuse.
    const esbuildOptions: typeof options.esbuildOptions = (esbuild, context) => {
      options.esbuildOptions?.(esbuild, context);
      esbuild.external = ['left-pad'];
    };
    await expect(build({ ...options, esbuildOptions, silent: true })).rejects.toThrow(
      /would load "left-pad" at runtime/,
    );
  });
});
