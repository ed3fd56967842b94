import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runContinuousDemo } from '../src/demo/continuous';
import { generateDemoLines } from '../src/demo/generator';
import { linesByFile, loadDemo, parseDemoFile } from '../src/demo/load';
import type { ParsedLog } from '../src/model/record';
import type { Store } from '../src/store/connection';
import { useTestDatabase } from './support/database';
import { openTestStore } from './archive-helpers';
import { ingest } from '../src/ingest/ingest';
import { queryErrors } from '../src/query/errors';
import { getResourceDetail, queryResources } from '../src/query/resources';
import { clearIngestedData } from './ingest-fixtures';

const FROM = Date.parse('2026-11-24T10:00:00.000Z');
const TO = FROM + 10 * 60000;

function parseAll(lines = generateDemoLines({ from: FROM, to: TO, seed: 7 })): ParsedLog[] {
  return [...linesByFile(lines)].flatMap(([path, fileLines]) => parseDemoFile(path, fileLines));
}

describe('demo traffic generator', () => {
  const lines = generateDemoLines({ from: FROM, to: TO, seed: 7 });
  const records = parseAll(lines);

  it('is deterministic for a seed and differs between seeds', () => {
    expect(generateDemoLines({ from: FROM, to: TO, seed: 7 })).toEqual(lines);
    expect(generateDemoLines({ from: FROM, to: TO, seed: 8 }).map((l) => l.text)).not.toEqual(lines.map((l) => l.text));
  });

  it('writes many services on several hosts in the current oslo.log format, in time order per file', () => {
    const files = [...linesByFile(lines).keys()];
    expect(files).toEqual(
      expect.arrayContaining([
        'controller-1/nova-api.log',
        'controller-1/nova-scheduler.log',
        'controller-1/nova-conductor.log',
        'controller-1/neutron-server.log',
        'controller-1/cinder-api.log',
        'controller-1/keystone.log',
        'compute-1/nova-compute.log',
        'compute-2/nova-compute.log',
        'compute-3/nova-compute.log',
        'storage-1/cinder-volume.log',
      ]),
    );
    for (const fileLines of linesByFile(lines).values()) {
      for (let i = 1; i < fileLines.length; i++) expect(fileLines[i]!.ts).toBeGreaterThanOrEqual(fileLines[i - 1]!.ts);
    }
    for (const line of lines)
      expect(line.text).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} \d+ (DEBUG|INFO|WARNING|ERROR) \S+ /);
  });

  it('parses completely with the real parser: one record per record line, tracebacks folded', () => {
    for (const [path, fileLines] of linesByFile(lines)) {
      const firstLines = fileLines.filter((line) => line.first);
      const parsed = parseDemoFile(path, fileLines);
      expect(parsed.map((r) => r.ts.getTime())).toEqual(firstLines.map((line) => line.ts));
      parsed.forEach((record, i) => expect(firstLines[i]?.text).toContain(record.message.slice(0, 60)));
    }
    expect(records).toHaveLength(lines.filter((line) => line.first).length);
    for (const record of records) {
      expect(record.extra?.unparsed).toBeUndefined();
      expect(record.host).toMatch(/^(controller|compute|storage)-\d$/);
      expect(record.service).toBeTruthy();
      expect(record.logger).toBeTruthy();
    }
    const levels = new Set(records.map((r) => r.levelName));
    expect([...levels].sort()).toEqual(['DEBUG', 'ERROR', 'INFO', 'WARNING']);
  });

  it('links neutron, cinder and keystone requests to nova-api requests by global request id', () => {
    const novaRequests = new Set(
      records.filter((r) => r.service === 'nova-api' && r.requestId).map((r) => r.requestId),
    );
    const linked = records.filter((r) => r.globalRequestId !== null);
    expect(new Set(linked.map((r) => r.service))).toEqual(
      new Set(['neutron-server', 'cinder-api', 'cinder-volume', 'keystone']),
    );
    for (const record of linked) {
      expect(novaRequests.has(record.globalRequestId)).toBe(true);
      expect(record.requestId).not.toBe(record.globalRequestId);
    }
    // nova's own request id reaches the scheduler, conductor and compute over RPC.
    const novaRpc = records.filter((r) => r.requestId && novaRequests.has(r.requestId) && r.service !== 'nova-api');
    expect(new Set(novaRpc.map((r) => r.service))).toEqual(
      new Set(['nova-scheduler', 'nova-conductor', 'nova-compute']),
    );
    const withUser = records.filter((r) => r.service === 'nova-api' && r.userId);
    expect(withUser.length).toBeGreaterThan(0);
    expect(withUser[0]?.userId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('has API request lines and failures with tracebacks', () => {
    const api = records.filter((r) => r.service === 'nova-api' && r.httpStatus !== null);
    expect(api.length).toBeGreaterThan(10);
    expect(api[0]).toMatchObject({
      httpMethod: expect.stringMatching(/^(GET|POST|DELETE)$/),
      remoteAddress: expect.stringMatching(/^203\.0\.113\./),
    });
    expect(records.some((r) => r.service === 'neutron-server' && r.httpStatus === 201)).toBe(true);
    const tracebacks = records.filter((r) => r.traceback !== null).map((r) => r.traceback as string);
    const failures = parseAll(generateDemoLines({ from: FROM, to: TO, seed: 7, failureRate: 1 }));
    const all = [...tracebacks, ...failures.filter((r) => r.traceback).map((r) => r.traceback as string)].join('\n');
    expect(all).toMatch(/Traceback \(most recent call last\)/);
    expect(all).toMatch(/nova\.exception\.NoValidHost: No valid host was found/);
    expect(all).toMatch(/nova\.exception\.PortBindingFailed: Binding failed for port/);
    expect(all).toMatch(/oslo_messaging\.exceptions\.MessagingTimeout: Timed out waiting for a reply/);
    for (const record of failures.filter((r) => r.traceback)) expect(record.level).toBe(40);
  });
});

describe('demo traffic into the real server', () => {
  const testDb = useTestDatabase();
  let store: Store;

  beforeAll(async () => {
    store = await openTestStore(testDb);
  });

  it('loads a burst through the parser and ingest(), and loading the same burst again adds nothing', async () => {
    const now = new Date(TO);
    const first = await loadDemo(store, { now, durationMs: 5 * 60000, seed: 3 });
    expect(first.inserted).toBe(first.records);
    expect(first.records).toBeGreaterThan(100);
    expect(await store.logs().countDocuments()).toBe(first.records);
    const again = await loadDemo(store, { now, durationMs: 5 * 60000, seed: 3 });
    expect(again).toMatchObject({ inserted: 0, duplicates: first.records });
    const linked = await store.requests().findOne({ globalRequestId: { $ne: null } });
    expect(linked).not.toBeNull();
    expect(await store.requests().findOne({ _id: linked?.globalRequestId as string })).not.toBeNull();
  });

  it('gives the error and resource views recurring failure classes and long instance histories', async () => {
    // Half an hour of demo traffic, ingested and read back: a slow test on a loaded FerretDB.
    await clearIngestedData(store);
    const hour = { from: FROM, to: FROM + 1_800_000 };
    await ingest(store, parseAll(generateDemoLines({ ...hour, seed: 11 })));
    const range = { from: new Date(hour.from).toISOString(), to: new Date(hour.to).toISOString(), limit: 200 };
    const errors = (await queryErrors(store, range)).items;
    const spawn = errors.find((e) => e.exception === 'libvirt.libvirtError');
    // The libvirt spawn failure recurs, always on the one broken compute host.
    expect(spawn).toMatchObject({ location: 'nova/virt/libvirt/guest.py:launch', hosts: ['compute-3'] });
    expect(spawn?.count).toBeGreaterThan(1);
    expect(spawn?.requestCount).toBe(spawn?.count);
    const recurring = (pattern: RegExp) => errors.find((e) => pattern.test(e.title) && e.count > 1);
    expect(recurring(/PortBindingFailed/)).toBeDefined();
    expect(recurring(/MessagingTimeout/)).toBeDefined();
    expect(recurring(/Live Migration failure/)).toBeDefined();
    // The long-lived pets gather many requests.
    const instances = await queryResources(store, { ...range, kind: 'instance', sort: 'count', limit: 500 });
    expect(instances.items[0]?.requestCount).toBeGreaterThan(10);
    // Every quarter hour one instance is booted, resized, attached to, migrated and deleted.
    const lives: string[][] = [];
    for (const instance of instances.items.filter((r) => r.requestCount >= 5)) {
      const operations = (await getResourceDetail(store, instance.id)).requests.map((r) => r.operation);
      if (operations.some((op) => /^POST \S*\/servers$/.test(op)) && operations.some((op) => op.startsWith('DELETE'))) {
        lives.push(
          operations.map((op) =>
            op.replace(/^(\w+) \S*\/servers(\/[0-9a-f-]{36})?/, '$1 servers$2').replace(/[0-9a-f-]{36}/, 'id'),
          ),
        );
      }
    }
    expect(lives).toHaveLength(2);
    expect(lives[0]).toEqual([
      'POST servers',
      'POST servers/id/action',
      'POST servers/id/os-volume_attachments',
      'POST servers/id/action',
      'DELETE servers/id',
    ]);
  }, 180_000);
});

describe('continuous demo', () => {
  it('appends oslo.log lines to one file per host and service until stopped', async () => {
    const out = mkdtempSync(join(tmpdir(), 'logcas-demo-'));
    try {
      const controller = new AbortController();
      const stopAfter = setTimeout(() => controller.abort(), 20000);
      const total = await runContinuousDemo({
        out,
        operationsPerMinute: 1200,
        tickMs: 50,
        signal: controller.signal,
        onWrite: ({ total: written }) => {
          if (written >= 30) controller.abort();
        },
      });
      clearTimeout(stopAfter);
      expect(total).toBeGreaterThanOrEqual(30);
      const hosts = readdirSync(out).sort();
      expect(hosts.length).toBeGreaterThan(1);
      let lines = 0;
      for (const host of hosts) {
        for (const file of readdirSync(join(out, host))) {
          expect(file).toMatch(/^[a-z-]+\.log$/);
          const text = readFileSync(join(out, host, file), 'utf8');
          expect(text.endsWith('\n')).toBe(true);
          lines += text.split('\n').length - 1;
        }
      }
      expect(lines).toBe(total);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
