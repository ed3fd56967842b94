/**
 * CommonJS bundle → one anonymous AMD module. esbuild has no AMD output, so the plugin is bundled as CJS
 * with Grafana's shared modules left as `require("name")` calls, then wrapped here: the AMD factory receives
 * those modules in `define`'s dependency order and a local `require` hands them to the bundle.
 */
import { GRAFANA_SHARED_MODULES, isSharedModule } from './shared-modules';

/** Thrown when a bundle would load a module that Grafana does not provide. */
export class ExternalModuleError extends Error {
  constructor(readonly modules: readonly string[]) {
    super(
      `The plugin bundle would load ${modules.map((m) => `"${m}"`).join(', ')} at runtime, but Grafana only ` +
        `provides its shared modules (${GRAFANA_SHARED_MODULES.join(', ')}). Bundle it instead ` +
        `(remove it from "external"), or list it in "shared" if your Grafana version really provides it.`,
    );
    this.name = 'ExternalModuleError';
  }
}

/** Lines the wrapper puts before the CJS code; a source map shifts by this many lines. */
export const AMD_PREFIX_LINES = 2;

/** Every string-literal `require("…")` left in CJS output: the modules it expects from its host. */
export function requiredModules(cjsCode: string): string[] {
  const found = new Set<string>();
  for (const match of cjsCode.matchAll(/(?<![\w$.])require\(\s*(["'])([^"'\n]+)\1\s*\)/g)) {
    if (match[2]) found.add(match[2]);
  }
  return [...found].sort();
}

/** Throws ExternalModuleError when any of `modules` is not in `shared`. */
export function assertOnlyShared(modules: Iterable<string>, shared: readonly string[] = GRAFANA_SHARED_MODULES): void {
  const bad = [...new Set(modules)].filter((m) => !isSharedModule(m, shared)).sort();
  if (bad.length > 0) throw new ExternalModuleError(bad);
}

/**
 * Wraps CJS code into `define([deps], factory)`. `deps` are the shared modules it requires; any other
 * `require` reaching the local function at runtime fails with a message naming the module.
 */
export function wrapCjsAsAmd(cjsCode: string, deps: readonly string[]): string {
  const names = [...new Set(deps)].sort();
  const params = names.map((_, i) => `__shared${i}`);
  const table = names.map((name, i) => `${JSON.stringify(name)}: ${params[i]}`).join(', ');
  // Both prefix lines are single lines so that a source map only needs AMD_PREFIX_LINES empty lines in front.
  const line1 = `define(${JSON.stringify(names)}, function (${params.join(', ')}) {`;
  const line2 =
    `"use strict"; var module = { exports: {} }, exports = module.exports, __sharedModules = { ${table} }; ` +
    `function require(id) { if (Object.prototype.hasOwnProperty.call(__sharedModules, id)) return __sharedModules[id]; ` +
    `throw new Error('Module "' + id + '" is not provided to this plugin'); }`;
  return `${line1}\n${line2}\n${cjsCode.replace(/\n?$/, '\n')}return module.exports;\n});\n`;
}

/** Shifts a v3 source map (JSON text) down by `lines` generated lines. */
export function shiftSourceMap(map: string, lines: number): string {
  const parsed = JSON.parse(map) as { mappings: string };
  return JSON.stringify({ ...parsed, mappings: ';'.repeat(lines) + parsed.mappings });
}
