/** docker-compose.yml and the datasource provisioning, checked against the CLI and the plugins. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { buildProgram } from '../../packages/core/src/cli/main';
import { readJson, readYaml, REPO } from './files';

interface ComposeService {
  image?: string;
  build?: { context: string; target?: string };
  command?: string[];
  env_file?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  restart?: string;
}

const compose = readYaml<{ services: Record<string, ComposeService>; volumes: Record<string, unknown> }>(
  'docker-compose.yml',
);
const services = compose.services;
const DATASOURCE_ID = readJson<{ id: string }>('packages/grafana-datasource/src/plugin.json').id;
const PANEL_ID = readJson<{ id: string }>('packages/grafana-panel/src/plugin.json').id;

function service(name: string): ComposeService {
  const found = services[name];
  if (!found) throw new Error(`docker-compose.yml has no service ${name}`);
  return found;
}

/** Checks a compose command against the real CLI: the subcommand exists and knows every flag. */
function expectCliAccepts(args: string[]): void {
  const [name, ...rest] = args;
  const command = buildProgram().commands.find((c: Command) => c.name() === name);
  expect(command).toBeDefined();
  const flags = new Set(command!.options.flatMap((option) => [option.long, option.short].filter(Boolean)));
  for (const arg of rest.filter((a) => a.startsWith('-')))
    expect({ arg, known: flags.has(arg) }).toEqual({ arg, known: true });
}

describe('docker-compose.yml', () => {
  it('runs MongoDB from the official image with a named volume and a health check', () => {
    const mongodb = service('mongodb');
    expect(mongodb.image).toMatch(/^mongo:\d/);
    const volume = mongodb.volumes?.[0]?.split(':')[0] ?? '';
    expect(compose.volumes).toHaveProperty(volume);
    expect(mongodb.healthcheck?.test.join(' ')).toContain('ping');
  });

  it.each([
    ['api', 'serve --forward'],
    ['demo-feeder', 'demo --continuous'],
    ['ingest-follower', 'ingest --follow'],
    ['archiver', 'archive --watch'],
  ])('runs %s as `logcas %s …` with flags the CLI knows, once its dependencies are healthy', (name, expected) => {
    const logcas = service(name);
    expect(logcas.image ?? logcas.build?.target).toBeTruthy();
    for (const part of expected.split(' ')) expect(logcas.command).toContain(part);
    expectCliAccepts(logcas.command ?? []);
    expect(logcas.depends_on?.mongodb?.condition ?? logcas.depends_on?.api?.condition).toMatch(/service_healthy/);
    expect(logcas.restart).toBe('unless-stopped');
    expect(logcas.environment?.MONGODB_URI).toMatch(/^mongodb:\/\/mongodb:27017/);
  });

  it('reads the API tokens from env files with local defaults; Grafana gets the read token only', () => {
    const read = (file: string) => readFileSync(join(REPO, file), 'utf8');
    const value = (text: string, name: string) => new RegExp(`^${name}=(\\S+)$`, 'm').exec(text)?.[1];
    expect(service('api').env_file).toEqual(['logcas.env']);
    expect(value(read('logcas.env'), 'LOGCAS_API_TOKEN')).toBeDefined();
    expect(service('grafana').env_file).toEqual(['grafana.env']);
    expect(value(read('grafana.env'), 'LOGCAS_API_TOKEN')).toBeUndefined();
    expect(value(read('grafana.env'), 'LOGCAS_API_READ_TOKEN')).toBe(
      value(read('logcas.env'), 'LOGCAS_API_READ_TOKEN'),
    );
    expect(value(read('grafana.env'), 'LOGCAS_API_READ_TOKEN')).not.toBe(value(read('logcas.env'), 'LOGCAS_API_TOKEN'));
  });

  it('runs Grafana OSS of the version the plugins are built against, loading exactly our two unsigned plugins', () => {
    const grafana = service('grafana');
    const version = readJson<{ version: string }>('node_modules/@grafana/data/package.json').version;
    expect(grafana.image).toBe(`grafana/grafana:${version}`);
    const allowed = (grafana.environment?.GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS ?? '').split(',').sort();
    expect(allowed).toEqual([DATASOURCE_ID, PANEL_ID].sort());
    expect(grafana.volumes).toContain('./provisioning:/etc/grafana/provisioning:ro');
    expect(grafana.depends_on?.api?.condition).toBe('service_healthy');
    expect(grafana.depends_on?.plugins?.condition).toBe('service_completed_successfully');
  });

  it('gives Grafana a health check and keeps it from installing apps into the read-only plugin folder', () => {
    const grafana = service('grafana');
    expect(grafana.healthcheck?.test.join(' ')).toContain('/api/health');
    expect(grafana.volumes).toContain('grafana-plugins:/var/lib/grafana-plugins:ro');
    expect(grafana.environment?.GF_PATHS_PLUGINS).toBe('/var/lib/grafana-plugins');
    expect(grafana.environment?.GF_PLUGINS_PREINSTALL_DISABLED).toBe('true');
  });
});

describe('docker-compose.ferretdb.yml (the open-source engine)', () => {
  const layer = readYaml<{ services: Record<string, ComposeService>; volumes: Record<string, unknown> }>(
    'docker-compose.ferretdb.yml',
  );
  const engine = layer.services.mongodb;
  const documentdb = layer.services.documentdb;

  it('runs FerretDB 2 as the mongodb service, so every LogCAS service keeps its URI and dependency', () => {
    expect(engine?.image).toMatch(/^ghcr\.io\/ferretdb\/ferretdb:2\.\d+\.\d+$/);
    expect(engine?.healthcheck?.test).toEqual(['CMD', '/ferretdb', 'ping']);
    for (const name of ['api', 'demo-feeder', 'ingest-follower', 'archiver']) {
      expect(service(name).environment?.MONGODB_URI).toMatch(/^mongodb:\/\/mongodb:27017\//);
    }
    // Overriding only what differs: the layer names no LogCAS service.
    expect(Object.keys(layer.services).sort()).toEqual(['documentdb', 'mongodb']);
  });

  it('stores in PostgreSQL with the DocumentDB build made for that FerretDB release, once it is healthy', () => {
    const ferretdb = /ferretdb:(\d+\.\d+\.\d+)$/.exec(engine?.image ?? '')?.[1];
    expect(documentdb?.image).toMatch(
      new RegExp(`^ghcr\\.io/ferretdb/postgres-documentdb:\\d+-[\\d.]+-ferretdb-${ferretdb}$`),
    );
    expect(engine?.depends_on?.documentdb?.condition).toBe('service_healthy');
    expect(documentdb?.healthcheck?.test.join(' ')).toContain('pg_isready');
    const env = documentdb?.environment ?? {};
    const url = new URL(engine?.environment?.FERRETDB_POSTGRESQL_URL ?? '');
    expect([url.hostname, url.port, url.username, url.password, url.pathname]).toEqual([
      'documentdb',
      '5432',
      env.POSTGRES_USER,
      env.POSTGRES_PASSWORD,
      `/${env.POSTGRES_DB}`,
    ]);
    const volume = documentdb?.volumes?.[0]?.split(':') ?? [];
    expect(layer.volumes).toHaveProperty(volume[0] as string);
    expect(volume[1]).toBe('/var/lib/postgresql/data');
  });

  it("starts PostgreSQL with JIT off and nothing else changed (the image's own settings come from its config file)", () => {
    // The image's entrypoint runs `postgres` with these arguments; a setting given here overrides the file's.
    expect(documentdb?.command).toEqual(['postgres', '-c', 'jit=off']);
  });
});

describe('provisioning/datasources/logcas.yaml', () => {
  const provisioned = readYaml<{ datasources: Array<Record<string, unknown>> }>(
    'provisioning/datasources/logcas.yaml',
  ).datasources;

  it('provisions the LogCAS datasource through the data proxy, with the token only in secureJsonData', () => {
    expect(provisioned).toHaveLength(1);
    const ds = provisioned[0] as {
      type: string;
      access: string;
      jsonData: Record<string, string>;
      secureJsonData: Record<string, string>;
    };
    expect(ds.type).toBe(DATASOURCE_ID);
    expect(ds.access).toBe('proxy');
    for (const key of Object.keys(ds.jsonData)) expect(key).not.toMatch(/token|secret|password/i);
    for (const value of Object.values(ds.jsonData)) expect(value).not.toMatch(/LOGCAS_API_(READ_)?TOKEN/);
    // Least privilege: Grafana holds the read token, never the one that ingests and archives.
    expect(ds.secureJsonData.apiToken).toBe('${LOGCAS_API_READ_TOKEN}');
    expect(service('grafana').environment?.LOGCAS_API_URL).toBe('http://api:8080');
  });

  it('fills every jsonData and secureJsonData key the plugin route reads', () => {
    const plugin = readJson<{ routes: Array<{ url?: string; headers?: Array<{ content: string }> }> }>(
      'packages/grafana-datasource/src/plugin.json',
    );
    const ds = provisioned[0] as { jsonData: Record<string, string>; secureJsonData: Record<string, string> };
    const templates = plugin.routes.flatMap((route) => [
      route.url ?? '',
      ...(route.headers ?? []).map((h) => h.content),
    ]);
    const used = templates.join(' ').matchAll(/\.(JsonData|SecureJsonData)\.(\w+)/g);
    let count = 0;
    for (const [, kind, key] of used) {
      count += 1;
      expect(kind === 'JsonData' ? ds.jsonData : ds.secureJsonData).toHaveProperty(key as string);
    }
    expect(count).toBeGreaterThanOrEqual(2);
  });
});
