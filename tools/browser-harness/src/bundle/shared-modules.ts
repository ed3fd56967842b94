/**
 * The module names Grafana shares with plugins, as a plugin's AMD `define([...])` names them.
 * Each is bundled once into the shared script and registered in SystemJS under this name.
 */
export const REQUIRED_SHARED_MODULES = [
  'react',
  'react-dom',
  'react-dom/client',
  'react/jsx-runtime',
  '@grafana/data',
  '@grafana/ui',
  '@grafana/runtime',
  '@grafana/schema',
  'rxjs',
  'rxjs/operators',
  '@emotion/css',
  'lodash',
  'moment',
] as const;

/** Also shared by Grafana; registered when installed (they are pulled in by @grafana/ui anyway). */
export const OPTIONAL_SHARED_MODULES = [
  '@grafana/i18n',
  '@grafana/e2e-selectors',
  '@emotion/react',
  'i18next',
] as const;

/** The package a module specifier belongs to: `react-dom/client` → `react-dom`, `@grafana/ui` → `@grafana/ui`. */
export function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? specifier);
}
