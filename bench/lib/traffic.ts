/**
 * Realistic traffic of a large cloud for the benchmarks, hour by hour: the demo generator's operation mix
 * (boots, deletes, resizes, attaches, lists; linked neutron/cinder/keystone calls; failures with tracebacks;
 * nova-compute's periodic tasks every minute) run once per *cell* of three computes, its hosts renamed so
 * that 67 cells make 201 computes behind 3 controllers and 8 storage nodes. On top, long requests the demo
 * does not have: live migrations of 2 minutes to 6 hours logging their progress, so request lists see
 * durations from milliseconds to hours. A migration writes at most a dozen progress lines: on FerretDB 2.5 /
 * DocumentDB 0.106 the ~20th rollup update of one request summary fails (see bench/engine-bugs.ts), and
 * each progress line lands in its own ingest batch.
 *
 * Every hour is deterministic (same options, same records) and independent of the others, so a seed can stop
 * after any hour and resume at the next one. Records come out parsed by the real text parser, per file, then
 * merged in time order as a forwarder would deliver them.
 */
import { DemoRandom, buildTopology, formatLog, generateDemoLines, linesByFile, parseDemoFile } from './core';
import type { DemoLine, ParsedLog } from './core';

export const HOUR_MS = 3_600_000;

export interface TrafficOptions {
  /** Start of hour 0. */
  start: number;
  /** Computes in the cloud (rounded up to whole cells of three). */
  computes: number;
  /** User operations started per minute in each cell (the demo's own default is 20 for its 3 computes). */
  operationsPerMinute: number;
  /** Long operations (live migrations) started per hour in each cell. */
  longPerHour: number;
  seed: number;
}

export const DEFAULT_TRAFFIC: TrafficOptions = {
  start: Date.parse('2026-11-16T00:00:00.000Z'),
  computes: 200,
  operationsPerMinute: 1,
  longPerHour: 0.25,
  seed: 13,
};

const CONTROLLERS = 3;
const STORAGE_NODES = 8;
const LONGEST_MIGRATION_MS = 6 * HOUR_MS;
const MIGRATION_PROGRESS_LINES = 12;

export function cellCount(options: TrafficOptions): number {
  return Math.ceil(options.computes / 3);
}

/** The demo's host names (controller-1/2, compute-1..3, storage-1) as they are called in cell `cell`. */
function renameHost(cell: number, name: string): string {
  const [kind, number] = name.split('-') as [string, string];
  const n = Number(number);
  if (kind === 'compute') return `compute-${String(cell * 3 + n).padStart(3, '0')}`;
  if (kind === 'controller') return `controller-${((cell * 2 + n - 1) % CONTROLLERS) + 1}`;
  return `storage-${(cell % STORAGE_NODES) + 1}`;
}

const HOST_IN_TEXT = /\b(compute|controller|storage)-(\d)\b/g;

/** One cell's demo lines for operations starting in the hour, hosts renamed in the path and in the text. */
function cellLines(options: TrafficOptions, hour: number, cell: number): DemoLine[] {
  const from = options.start + hour * HOUR_MS;
  const lines = generateDemoLines({
    from,
    to: from + HOUR_MS,
    seed: options.seed * 1000 + cell,
    operationsPerMinute: options.operationsPerMinute,
  });
  return lines.map((line) => ({
    ...line,
    host: renameHost(cell, line.host),
    text: line.text.replace(HOST_IN_TEXT, (whole) => renameHost(cell, whole)),
  }));
}

/**
 * The lines of the live migrations of one cell started in hour `started`, whose times fall in hour `hour`.
 * A migration is regenerated from its (cell, start hour) alone, so each hour emits exactly its own lines.
 */
function migrationLines(options: TrafficOptions, started: number, hour: number, cell: number): DemoLine[] {
  const random = new DemoRandom((options.seed * 7919 + cell * 104729 + started * 15485863) >>> 0);
  const topology = buildTopology(options.seed * 1000 + cell);
  const lowest = options.start + hour * HOUR_MS;
  const out: DemoLine[] = [];
  // Poisson-ish count: whole part plus a chance for the fraction.
  const count = Math.floor(options.longPerHour) + (random.chance(options.longPerHour % 1) ? 1 : 0);
  for (let m = 0; m < count; m += 1) {
    const source = `compute-${random.int(1, 3)}`;
    const target = `compute-${random.int(1, 3)}`;
    const tenant = random.pick(topology.tenants);
    const requestId = random.requestId();
    const instance = random.uuid();
    // Log-uniform duration: most take minutes, a few take hours.
    const duration = Math.exp(random.float(Math.log(120_000), Math.log(LONGEST_MIGRATION_MS)));
    let at = options.start + started * HOUR_MS + random.float(0, HOUR_MS);
    const end = at + duration;
    const context = { requestId, globalRequestId: null, userId: tenant.userId, projectId: tenant.projectId };
    const pid = topology.pid(source, 'nova-compute');
    const emit = (level: 'INFO' | 'WARNING', message: string): void => {
      if (at < lowest || at >= lowest + HOUR_MS) return;
      const host = renameHost(cell, source);
      for (const text of formatLog({
        ts: Math.round(at),
        pid,
        level,
        logger: 'nova.virt.libvirt.migration',
        context,
        instance,
        message,
      }))
        out.push({ host, service: 'nova-compute', ts: Math.round(at), text, seq: out.length, first: true });
    };
    const total = random.int(2, 64) * 1024;
    emit('INFO', `Starting monitoring of live migration to ${renameHost(cell, target)}`);
    const interval = Math.max(60_000, duration / MIGRATION_PROGRESS_LINES);
    for (let elapsed = 0; at < end;) {
      const step = interval * random.float(0.8, 1.2);
      at += step;
      elapsed += step;
      const remaining = Math.max(0, Math.round(100 * (1 - (at - (end - duration)) / duration)));
      emit(
        random.chance(0.02) ? 'WARNING' : 'INFO',
        `Migration running for ${Math.round(elapsed / 1000)} secs, memory ${remaining}% remaining (bytes processed=${(total - (total * remaining) / 100).toFixed(0)}MB, remaining=${((total * remaining) / 100).toFixed(0)}MB, total=${total}MB)`,
      );
    }
    emit('INFO', `Migrating instance to ${renameHost(cell, target)} finished successfully.`);
  }
  return out;
}

/**
 * Every record of hour `hour` (operations started in it, migrations running in it), parsed per file and
 * merged in time order. Lines of one record stay together: they share a time and a cell, and sort by their
 * emission order within the cell.
 */
export function trafficHour(options: TrafficOptions, hour: number): ParsedLog[] {
  const tagged: Array<DemoLine & { cell: number }> = [];
  const earliestMigration = Math.max(0, hour - Math.ceil(LONGEST_MIGRATION_MS / HOUR_MS));
  for (let cell = 0; cell < cellCount(options); cell += 1) {
    for (const line of cellLines(options, hour, cell)) tagged.push({ ...line, cell });
    for (let started = earliestMigration; started <= hour; started += 1)
      for (const line of migrationLines(options, started, hour, cell))
        tagged.push({ ...line, cell, seq: -1e9 + line.seq });
  }
  tagged.sort((a, b) => a.ts - b.ts || a.cell - b.cell || a.seq - b.seq);
  const records: ParsedLog[] = [];
  for (const [path, lines] of linesByFile(tagged)) records.push(...parseDemoFile(path, lines));
  // Stable on equal times: the records of one file keep their order.
  return records.sort((a, b) => a.ts.getTime() - b.ts.getTime());
}
