/**
 * Modules Grafana's frontend provides to plugins by name through SystemJS (its `sharedDependencies`).
 * A plugin's AMD module may depend on these and nothing else: every other import is bundled.
 */
export const GRAFANA_SHARED_MODULES = [
  '@emotion/css',
  '@emotion/react',
  '@grafana/data',
  '@grafana/e2e-selectors',
  '@grafana/runtime',
  '@grafana/schema',
  '@grafana/slate-react',
  '@grafana/ui',
  'd3',
  'emotion',
  'i18next',
  'jquery',
  'lodash',
  'moment',
  'prismjs',
  'react',
  'react-dom',
  'react-inlinesvg',
  'react-redux',
  'react-router',
  'react-router-dom',
  'react-router-dom-v5-compat',
  'react/jsx-runtime',
  'redux',
  'rxjs',
  'rxjs/operators',
  'slate',
  'slate-plain-serializer',
] as const;

/** True when `specifier` names one of `shared` exactly (a sub-path such as `lodash/get` is not shared). */
export function isSharedModule(specifier: string, shared: readonly string[] = GRAFANA_SHARED_MODULES): boolean {
  return shared.includes(specifier);
}
