/**
 * Every route and filter combination the Grafana datasource sends (run-query.ts, variables.ts, datasource.ts
 * and the provisioned dashboards), as benchmark cases over the seeded traffic: the path the API gets and the
 * bare-driver query doing the same work. Times are relative to the end of the seed, as dashboards are to now.
 * The error and resource views are the `views` family (view-cases.ts).
 */
import { queryString as query, type ApiProcess } from './api-client';
import type { Store } from './core';
import {
  driverLog,
  driverLogs,
  driverRequestDetail,
  driverRequests,
  driverValues,
  driverVolume,
  type DriverQuery,
  type LogsInput,
  type RequestsInput,
} from './driver-queries';
import { findViewSamples, viewCases, type ViewSamples } from './view-cases';

export interface ApiCase {
  /** Route family: logs, requests, detail, volume, values, views. */
  family: string;
  name: string;
  path: string;
  driver: DriverQuery;
  /** The API answer reduced to what `driver.run()` returns, to check both did the same work. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON bodies are read loosely here
  digest: (body: any) => string[];
}

/** Inputs taken from the seeded data. */
export interface Samples {
  end: Date;
  /** The request with the most logs, and a user request that other requests link to by global id. */
  busiestRequest: string;
  linkedRequest: string;
  userId: string;
  projectId: string;
  instance: string;
  logId: string;
  /** A time in the middle of the seed, for the range window and deep cursors. */
  middle: Date;
  /** nextCursor of a desc page of INFO+ logs ending at `middle` (a deep position of the 7-day list). */
  deepCursor: { ts: Date; id: string; cursor: string };
  views: ViewSamples;
}

const HOUR = 3_600_000;
const LEVELS: Record<string, number> = { DEBUG: 10, INFO: 20, WARNING: 30, ERROR: 40 };
const iso = (d: Date): string => d.toISOString();

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON bodies are read loosely here
const itemIds = (key: string) => (body: any) =>
  (body.items as Array<Record<string, string>>).map((i) => i[key] as string);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const volumeTotal = (body: any): string[] => [
  String(
    (body.buckets as Array<{ counts: Record<string, number> }>).reduce(
      (sum, b) => sum + Object.values(b.counts).reduce((a, n) => a + n, 0),
      0,
    ),
  ),
];

/** Finds the sample inputs in the seeded data (a few index-backed queries and one API call). */
export async function findSamples(store: Store, api: ApiProcess, end: Date, start: Date): Promise<Samples> {
  const busiest = await store.requests().find({}).sort({ count: -1, _id: -1 }).limit(1).toArray();
  const lastHour = { start: { $gte: new Date(end.getTime() - 2 * HOUR), $lte: end } };
  const child = await store.requests().findOne({ ...lastHour, globalRequestId: { $ne: null }, userId: { $ne: null } });
  const parent = child?.globalRequestId ? await store.requests().findOne({ _id: child.globalRequestId }) : null;
  const withInstance = await store
    .logs()
    .findOne({ ts: { $gte: new Date(end.getTime() - HOUR), $lte: end }, instance: { $ne: null } });
  const middle = new Date((start.getTime() + end.getTime()) / 2);
  const page = JSON.parse((await api.get(`/logs?limit=1000&order=desc&from=${iso(start)}&to=${iso(middle)}`)).body) as {
    items: Array<{ id: string; ts: string }>;
    nextCursor: string;
  };
  const last = page.items[page.items.length - 1];
  if (!busiest[0] || !parent || !withInstance || !last)
    throw new Error('the seed lacks the sample data (is it seeded?)');
  return {
    end,
    busiestRequest: busiest[0]._id,
    linkedRequest: parent._id,
    userId: parent.userId as string,
    projectId: parent.projectId as string,
    instance: withInstance.instance as string,
    logId: last.id,
    middle,
    deepCursor: { ts: new Date(last.ts), id: last.id, cursor: page.nextCursor },
    views: await findViewSamples(store, api, end),
  };
}

export function apiCases(store: Store, s: Samples): ApiCase[] {
  const end = s.end;
  const ago = (hours: number): Date => new Date(end.getTime() - hours * HOUR);
  const out: ApiCase[] = [];

  const logs = (
    name: string,
    hours: number,
    params: {
      limit: number;
      order: 'asc' | 'desc';
      minLevel?: string;
      host?: string;
      service?: string;
      requestId?: string;
      user?: string;
      project?: string;
      instance?: string;
      globalRequestId?: string;
      q?: string;
    },
  ): void => {
    const from = ago(hours);
    const equals: Record<string, string> = {};
    for (const [param, field] of [
      ['host', 'host'],
      ['service', 'service'],
      ['requestId', 'requestId'],
      ['globalRequestId', 'globalRequestId'],
      ['instance', 'instance'],
      ['project', 'projectId'],
      ['user', 'userId'],
    ] as const)
      if (params[param] !== undefined) equals[field] = params[param] as string;
    const input: LogsInput = {
      from,
      to: end,
      minLevel: params.minLevel ? LEVELS[params.minLevel] : undefined,
      equals,
      q: params.q,
      limit: params.limit,
      order: params.order,
    };
    out.push({
      family: 'logs',
      name,
      path: `/logs?${query({ ...params, from: iso(from), to: iso(end) })}`,
      driver: driverLogs(store, input),
      digest: itemIds('id'),
    });
  };
  // Overview dashboard (now-1h): "All logs" (INFO), "WARNING and above"; and the same panels zoomed out.
  logs('logs 1 h, INFO+, 1000 desc (overview: all logs)', 1, { limit: 1000, order: 'desc', minLevel: 'INFO' });
  logs('logs 1 h, DEBUG+, 1000 desc', 1, { limit: 1000, order: 'desc', minLevel: 'DEBUG' });
  logs('logs 1 h, WARNING+, 500 desc (overview)', 1, { limit: 500, order: 'desc', minLevel: 'WARNING' });
  logs('logs 24 h, INFO+, 1000 desc', 24, { limit: 1000, order: 'desc', minLevel: 'INFO' });
  logs('logs 7 d, INFO+, 1000 desc (latest of everything)', 168, { limit: 1000, order: 'desc', minLevel: 'INFO' });
  logs('logs 7 d, ERROR+, 500 desc', 168, { limit: 500, order: 'desc', minLevel: 'ERROR' });
  logs('logs 7 d, INFO+, 100 asc (oldest first)', 168, { limit: 100, order: 'asc', minLevel: 'INFO' });
  logs('logs 6 h, host, 1000 desc', 6, { limit: 1000, order: 'desc', minLevel: 'INFO', host: 'compute-042' });
  logs('logs 6 h, service nova-api, 1000 desc', 6, {
    limit: 1000,
    order: 'desc',
    minLevel: 'INFO',
    service: 'nova-api',
  });
  logs('logs 24 h, host + service, 1000 desc', 24, {
    limit: 1000,
    order: 'desc',
    minLevel: 'INFO',
    host: 'controller-1',
    service: 'neutron-server',
  });
  logs('logs 7 d, host, 1000 desc', 168, { limit: 1000, order: 'desc', minLevel: 'INFO', host: 'compute-042' });
  logs('logs 7 d, requestId (busiest)', 168, { limit: 1000, order: 'desc', requestId: s.busiestRequest });
  logs('logs 7 d, globalRequestId', 168, { limit: 1000, order: 'desc', globalRequestId: s.linkedRequest });
  logs('logs 7 d, user', 168, { limit: 1000, order: 'desc', user: s.userId });
  logs('logs 24 h, project', 24, { limit: 1000, order: 'desc', project: s.projectId });
  logs('logs 7 d, instance', 168, { limit: 1000, order: 'desc', instance: s.instance });
  logs('logs 1 h, search "NoValidHost"', 1, { limit: 1000, order: 'desc', q: 'NoValidHost' });
  logs('logs 7 d, search "NoValidHost"', 168, { limit: 1000, order: 'desc', q: 'NoValidHost' });

  // Deep cursor: the page after a row in the middle of the 7-day list.
  out.push({
    family: 'logs',
    name: 'logs 7 d, INFO+, 1000 desc, cursor page mid-range',
    path: `/logs?${query({ limit: 1000, order: 'desc', from: iso(ago(168)), to: iso(end), cursor: s.deepCursor.cursor })}`,
    driver: driverLogs(store, { from: ago(168), to: end, limit: 1000, order: 'desc', after: s.deepCursor }),
    digest: itemIds('id'),
  });

  // Range window (range-window dashboard: around ± span, DEBUG+, 5000 asc) and log context (±60 s, 50 rows).
  for (const [span, host] of [
    [60, undefined],
    [3600, undefined],
    [300, 'compute-042'],
  ] as const) {
    const from = new Date(s.middle.getTime() - span * 1000);
    const to = new Date(s.middle.getTime() + span * 1000);
    out.push({
      family: 'logs',
      name: `range window ±${span} s${host ? ', host' : ''}, DEBUG+, 5000 asc`,
      path: `/logs?${query({ limit: 5000, order: 'asc', minLevel: 'DEBUG', around: iso(s.middle), span, host })}`,
      driver: driverLogs(store, { from, to, minLevel: 10, equals: host ? { host } : {}, limit: 5000, order: 'asc' }),
      digest: itemIds('id'),
    });
  }
  out.push({
    family: 'logs',
    name: 'log context: 60 s before a row, 50 desc',
    path: `/logs?${query({ limit: 50, order: 'desc', minLevel: 'INFO', from: iso(new Date(s.middle.getTime() - 60_000)), to: iso(s.middle) })}`,
    driver: driverLogs(store, {
      from: new Date(s.middle.getTime() - 60_000),
      to: s.middle,
      minLevel: 20,
      limit: 50,
      order: 'desc',
    }),
    digest: itemIds('id'),
  });
  logs('annotations 24 h: WARNING+, 1000 asc', 24, { limit: 1000, order: 'asc', minLevel: 'WARNING' });

  const requests = (
    name: string,
    hours: number,
    input: Omit<RequestsInput, 'from' | 'to'> & { host?: string; service?: string; user?: string },
  ): void => {
    const from = ago(hours);
    const equals: Record<string, string> = {};
    if (input.host) equals.hosts = input.host;
    if (input.service) equals.services = input.service;
    if (input.user) equals.userId = input.user;
    const minLevelName = Object.entries(LEVELS).find(([, n]) => n === input.minLevel)?.[0];
    out.push({
      family: 'requests',
      name,
      path: `/requests?${query({ from: iso(from), to: iso(end), sort: input.sort, order: input.order, limit: input.limit, minLevel: minLevelName, host: input.host, service: input.service, user: input.user, userOnly: input.userOnly === false ? 'false' : undefined })}`,
      driver: driverRequests(store, { ...input, equals, from, to: end }),
      digest: itemIds('requestId'),
    });
  };
  // Overview: "Requests table" (start desc, 500) and "Requests in flight" (start asc, 1000), minLevel INFO.
  requests('requests 1 h, start desc, 500 (overview table)', 1, {
    sort: 'start',
    order: 'desc',
    limit: 500,
    minLevel: 20,
  });
  requests('requests 1 h, start asc, 1000 (overview timeline)', 1, {
    sort: 'start',
    order: 'asc',
    limit: 1000,
    minLevel: 20,
  });
  requests('requests 24 h, start desc, 500', 24, { sort: 'start', order: 'desc', limit: 500, minLevel: 20 });
  requests('requests 7 d, start desc, 500', 168, { sort: 'start', order: 'desc', limit: 500, minLevel: 20 });
  for (const sort of ['end', 'duration', 'count', 'maxLevel'] as const)
    for (const order of ['desc', 'asc'] as const)
      requests(`requests 24 h, ${sort} ${order}, 500`, 24, { sort, order, limit: 500 });
  requests('requests 7 d, duration desc, 500', 168, { sort: 'duration', order: 'desc', limit: 500 });
  requests('requests 24 h, host, start desc, 500', 24, {
    sort: 'start',
    order: 'desc',
    limit: 500,
    host: 'compute-042',
  });
  requests('requests 24 h, service nova-api, start desc, 500', 24, {
    sort: 'start',
    order: 'desc',
    limit: 500,
    service: 'nova-api',
  });
  requests('requests 24 h, user, start desc, 500', 24, { sort: 'start', order: 'desc', limit: 500, user: s.userId });
  requests('requests 24 h, ERROR+, start desc, 500', 24, { sort: 'start', order: 'desc', limit: 500, minLevel: 40 });
  requests('requests 24 h, userOnly=false, start desc, 500', 24, {
    sort: 'start',
    order: 'desc',
    limit: 500,
    userOnly: false,
  });

  // Request detail (request-detail dashboard; the panel then fetches each related request's detail too).
  for (const [label, id] of [
    ['busiest', s.busiestRequest],
    ['user request with links', s.linkedRequest],
  ] as const)
    out.push({
      family: 'detail',
      name: `request detail (${label})`,
      path: `/requests/${id}`,
      driver: driverRequestDetail(store, id),
      digest: (body) => (body.logs as Array<{ id: string }>).map((l) => l.id),
    });
  out.push({
    family: 'detail',
    name: 'log detail',
    path: `/logs/${s.logId}`,
    driver: driverLog(store, s.logId),
    digest: (body) => [body.id],
  });

  const volume = (
    name: string,
    hours: number,
    step: number,
    filters: { host?: string; service?: string; minLevel?: string; requestId?: string; q?: string },
  ): void => {
    const from = ago(hours);
    const equals: Record<string, string> = {};
    if (filters.host) equals.host = filters.host;
    if (filters.service) equals.service = filters.service;
    if (filters.requestId) equals.requestId = filters.requestId;
    const fromLogs = Boolean(filters.requestId || filters.q);
    out.push({
      family: 'volume',
      name,
      path: `/volume?${query({ from: iso(from), to: iso(end), step, ...filters })}`,
      driver: driverVolume(store, {
        from,
        to: end,
        equals,
        q: filters.q,
        minLevel: filters.minLevel ? LEVELS[filters.minLevel] : undefined,
        fromLogs,
      }),
      digest: volumeTotal,
    });
  };
  volume('volume 1 h, step 60 (overview)', 1, 60, {});
  volume('volume 24 h, step 60', 24, 60, {});
  volume('volume 7 d, step 600', 168, 600, {});
  volume('volume 24 h, host, step 60', 24, 60, { host: 'compute-042' });
  volume('volume 24 h, service nova-api, step 60', 24, 60, { service: 'nova-api' });
  volume('volume 7 d, WARNING+, step 600', 168, 600, { minLevel: 'WARNING' });
  volume('volume 7 d, requestId (from logs; Explore logs volume)', 168, 600, { requestId: s.busiestRequest });
  volume('volume 1 h, search (from logs)', 1, 60, { q: 'NoValidHost' });

  // Dashboard variables refresh on every time-range change.
  for (const [field, hours] of [
    ['host', 1],
    ['host', 24],
    ['host', 168],
    ['service', 24],
    ['level', 24],
    ['project', 24],
    ['user', 24],
    ['user', 168],
  ] as const) {
    const from = ago(hours);
    out.push({
      family: 'values',
      name: `values ${field}, ${hours === 168 ? '7 d' : `${hours} h`}`,
      path: `/values/${field}?${query({ from: iso(from), to: iso(end) })}`,
      driver: driverValues(store, field, from, end),
      digest: (body) =>
        field === 'level' ? (body.values as string[]).map((name) => String(LEVELS[name] ?? name)) : body.values,
    });
  }
  return [...out, ...viewCases(store, s.views, end)];
}
