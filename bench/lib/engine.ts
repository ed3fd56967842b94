/**
 * What the engine under the benchmark can tell beyond timings, whatever it is:
 *   - on any server: its name and version, and `explain` of a query — MongoDB's executionStats (documents and
 *     keys examined, winning stages), or the PostgreSQL plan FerretDB 2 / DocumentDB returns;
 *   - on realdb (`../shared/realdb`: FerretDB 2 over PostgreSQL on this machine, PostgreSQL on the MongoDB
 *     port + 1): ANALYZE after bulk loads, WAL bytes written, table and index sizes, and the CPU seconds the
 *     server processes (FerretDB + every PostgreSQL process) spent — the cost of a write on a shared machine,
 *     where wall time also measures the other jobs.
 * Everything realdb-only returns null elsewhere, so a benchmark runs unchanged on MongoDB.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Db, Document } from 'mongodb';

export interface RealDb {
  /** psql connection arguments. */
  readonly args: string[];
  sql(statement: string): string;
}

/** PostgreSQL behind a local realdb (MongoDB port + 1), or null when the URI is not one. */
export function connectRealDb(uri: string): RealDb | null {
  const match = /^mongodb:\/\/(127\.0\.0\.1|localhost):(\d+)/.exec(uri);
  if (!match) return null;
  const args = ['-h', '127.0.0.1', '-p', String(Number(match[2]) + 1), '-U', 'postgres', '-d', 'postgres', '-Atq'];
  const sql = (statement: string): string =>
    execFileSync('psql', [...args, '-c', statement], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  try {
    if (!sql("select 1 from pg_extension where extname = 'documentdb'")) return null;
  } catch {
    return null;
  }
  return { args, sql };
}

/** ANALYZE every table, so the planner knows the sizes a bulk load left behind (realdb README). */
export function analyze(pg: RealDb): number {
  const started = performance.now();
  pg.sql('ANALYZE');
  return (performance.now() - started) / 1000;
}

/** The current WAL position, as bytes since the cluster began. */
export function walBytes(pg: RealDb): number {
  return Number(pg.sql("select pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')"));
}

export interface RelationSize {
  collection: string;
  /** Index name as LogCAS declared it (`_id_` for the primary key). */
  index: string | null;
  bytes: number;
}

/** Heap and index sizes of one database's collections, from DocumentDB's catalog. */
export function relationSizes(pg: RealDb, database: string): RelationSize[] {
  const rows = pg.sql(`
    select c.collection_name, null, pg_table_size(format('documentdb_data.documents_%s', c.collection_id)::regclass)
      from documentdb_api_catalog.collections c where c.database_name = '${database.replace(/'/g, "''")}'
    union all
    select c.collection_name, (i.index_spec).index_name,
           coalesce(pg_relation_size(to_regclass(format('documentdb_data.documents_rum_index_%s', i.index_id))),
                    pg_relation_size(to_regclass(format('documentdb_data.collection_pk_%s', c.collection_id))))
      from documentdb_api_catalog.collections c
      join documentdb_api_catalog.collection_indexes i using (collection_id)
     where c.database_name = '${database.replace(/'/g, "''")}'`);
  return rows
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [collection, index, bytes] = line.split('|') as [string, string, string];
      return { collection, index: index === '' ? null : index, bytes: Number(bytes) || 0 };
    });
}

const CLOCK_TICKS = 100;

function processCpuSeconds(pid: number, withReapedChildren: boolean): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14–17 of proc(5) (utime stime cutime cstime) are 11–14 after the command.
    const [utime, stime, cutime, cstime] = [11, 12, 13, 14].map((i) => Number(fields[i]));
    return ((utime ?? 0) + (stime ?? 0) + (withReapedChildren ? (cutime ?? 0) + (cstime ?? 0) : 0)) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}

/**
 * CPU seconds used so far by realdb's server processes: FerretDB, the postmaster with the backends it has
 * reaped, and every live PostgreSQL child. Null when realdb's state folder is not on this machine.
 */
export function serverCpuSeconds(home = process.env.REALDB_HOME ?? '/tmp/logcas-realdb'): number | null {
  const ferretPid = join(home, 'ferretdb2.pid');
  const postmasterPid = join(home, 'pgdata', 'postmaster.pid');
  if (!existsSync(ferretPid) || !existsSync(postmasterPid)) return null;
  const ferret = Number(readFileSync(ferretPid, 'utf8').trim());
  const postmaster = Number(readFileSync(postmasterPid, 'utf8').split('\n')[0]);
  let total = processCpuSeconds(ferret, true) + processCpuSeconds(postmaster, true);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === postmaster) total += processCpuSeconds(Number(entry), false);
    } catch {
      // the process ended while we looked
    }
  }
  return total;
}

/**
 * Name and version as the server reports them: FerretDB 1 adds `ferretdbVersion` to buildInfo, FerretDB 2 a
 * `ferretdb` object (its version reads "unknown" when built from the Go module proxy, as realdb builds it);
 * on realdb, PostgreSQL's and DocumentDB's versions are added, and whether PostgreSQL's JIT is on (it changes
 * the figures: docs/scaling.md).
 */
export async function engineName(db: Db, pg: RealDb | null = null): Promise<string> {
  const info = await db.admin().command({ buildInfo: 1 });
  if (info.ferretdbVersion) return `FerretDB ${String(info.ferretdbVersion)} (wire version ${String(info.version)})`;
  if (info.ferretdb) {
    const backend = pg
      ? `, PostgreSQL ${pg.sql('show server_version').split(' ')[0]}, DocumentDB ${pg.sql("select extversion from pg_extension where extname = 'documentdb'")}, jit ${pg.sql('show jit')}`
      : '';
    return `FerretDB 2 (buildInfo version ${String((info.ferretdb as Document).version)}, wire ${String(info.version)}${backend})`;
  }
  return `MongoDB ${String(info.version)}`;
}

export interface PlanSummary {
  /** MongoDB: documents examined; null when the engine does not say. */
  docsExamined: number | null;
  keysExamined: number | null;
  /** A one-line account of the plan: MongoDB's stages, or PostgreSQL's node types with rows. */
  plan: string;
}

/** Summarises an explain document from MongoDB or from FerretDB 2 / DocumentDB (PostgreSQL's plan). */
export function summarizeExplain(explain: Document): PlanSummary {
  const stats = explain.executionStats as Document | undefined;
  if (stats && typeof stats.totalDocsExamined === 'number') {
    const stages: string[] = [];
    const walk = (stage: Document | undefined): void => {
      if (!stage) return;
      stages.push(String(stage.stage) + (stage.indexName ? `(${String(stage.indexName)})` : ''));
      walk(stage.inputStage as Document | undefined);
      for (const input of (stage.inputStages as Document[] | undefined) ?? []) walk(input);
    };
    walk((explain.queryPlanner as Document | undefined)?.winningPlan as Document | undefined);
    return {
      docsExamined: stats.totalDocsExamined,
      keysExamined: stats.totalKeysExamined ?? null,
      plan: stages.join(' ← '),
    };
  }
  const text = JSON.stringify(explain);
  const nodes: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (typeof record['Node Type'] === 'string') {
      const index = typeof record['Index Name'] === 'string' ? ` ${record['Index Name']}` : '';
      const rows = typeof record['Actual Rows'] === 'number' ? ` rows=${record['Actual Rows']}` : '';
      const removed =
        typeof record['Rows Removed by Filter'] === 'number' ? ` filtered=${record['Rows Removed by Filter']}` : '';
      nodes.push(`${record['Node Type']}${index}${rows}${removed}`);
    }
    for (const value of Object.values(record)) visit(value);
  };
  visit(explain);
  return { docsExamined: null, keysExamined: null, plan: nodes.length > 0 ? nodes.join(' ← ') : text.slice(0, 300) };
}

export interface ScanCounters {
  /** Index entries read (pg_stat_user_indexes.idx_tup_read). */
  indexEntries: number;
  /** Table rows fetched through indexes plus rows read by sequential scans: the documents examined. */
  documents: number;
}

/** Cumulative scan counters of one database's collections (PostgreSQL statistics, flushed within ~1 s). */
export function scanCounters(pg: RealDb, database: string): ScanCounters {
  const quoted = database.replace(/'/g, "''");
  const [indexEntries, documents] = pg
    .sql(
      `with t as (select format('documents_%s', collection_id) as relname from documentdb_api_catalog.collections
                   where database_name = '${quoted}')
       select (select coalesce(sum(idx_tup_read), 0) from pg_stat_user_indexes i join t using (relname)),
              (select coalesce(sum(coalesce(idx_tup_fetch, 0) + coalesce(seq_tup_read, 0)), 0)
                 from pg_stat_user_tables s join t using (relname))`,
    )
    .split('|')
    .map(Number);
  return { indexEntries: indexEntries ?? 0, documents: documents ?? 0 };
}

/**
 * Measures the index entries and documents pieces of work read, from PostgreSQL's statistics around each.
 * Backends publish their counters when idle, at most once a second and sometimes ~10 s late under lock
 * contention, so a reading counts only once the counters stood still for 11 s. Measure pieces back to back
 * (each reading after one is the reading before the next) with nothing else using the database.
 */
export class ScanMeter {
  private last: ScanCounters | null = null;

  constructor(
    private readonly pg: RealDb,
    private readonly database: string,
  ) {}

  async measure(work: () => Promise<unknown>): Promise<ScanCounters> {
    const before = this.last ?? (await this.settle());
    await work();
    const after = await this.settle();
    this.last = after;
    return { indexEntries: after.indexEntries - before.indexEntries, documents: after.documents - before.documents };
  }

  private async settle(): Promise<ScanCounters> {
    const same = (a: ScanCounters, b: ScanCounters): boolean =>
      a.indexEntries === b.indexEntries && a.documents === b.documents;
    let first = scanCounters(this.pg, this.database);
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 5500));
      const second = scanCounters(this.pg, this.database);
      await new Promise((resolve) => setTimeout(resolve, 5500));
      const third = scanCounters(this.pg, this.database);
      if (same(first, second) && same(second, third)) return third;
      first = third;
    }
  }
}
