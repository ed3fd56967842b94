/** Reads the stack's files (compose, provisioning, plugin manifests) for the configuration tests. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

export const REPO = resolve(__dirname, '../..');

export function readYaml<T = Record<string, unknown>>(path: string): T {
  // Compose files use YAML merge keys (`<<: *anchor`), as docker compose does.
  return parse(readFileSync(join(REPO, path), 'utf8'), { merge: true }) as T;
}

export function readJson<T = Record<string, unknown>>(path: string): T {
  return JSON.parse(readFileSync(join(REPO, path), 'utf8')) as T;
}

export interface Dashboard {
  uid: string;
  title: string;
  panels: Panel[];
  templating?: { list: Variable[] };
  links?: Array<{ url?: string; type?: string; tags?: string[] }>;
}

export interface Panel {
  id: number;
  type: string;
  title: string;
  datasource?: { type?: string; uid?: string } | string | null;
  targets?: Array<Record<string, unknown> & { datasource?: { type?: string; uid?: string } }>;
  fieldConfig?: unknown;
  options?: unknown;
  panels?: Panel[];
}

export interface Variable {
  name: string;
  type: string;
  datasource?: { type?: string; uid?: string } | null;
  query?: unknown;
}

export const DASHBOARD_DIR = 'provisioning/dashboards/logcas';

export function readDashboards(): Array<{ file: string; dashboard: Dashboard }> {
  return readdirSync(join(REPO, DASHBOARD_DIR))
    .filter((name) => name.endsWith('.json'))
    .map((file) => ({ file, dashboard: readJson<Dashboard>(join(DASHBOARD_DIR, file)) }));
}

/** Panels at every depth (rows may nest panels). */
export function allPanels(panels: Panel[]): Panel[] {
  return panels.flatMap((panel) => [panel, ...allPanels(panel.panels ?? [])]);
}

/** Every string anywhere inside a value, for finding links. */
export function allStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(allStrings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(allStrings);
  return [];
}
