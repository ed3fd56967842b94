/**
 * The API benchmark's `views` family: the error and resource routes as the datasource's Errors, Error detail,
 * Resources and Resource history query types send them (query/views.ts there) and as the provisioned
 * dashboards use them (Overview's "Top errors" and "New errors" over 1 h, limit 20; the Resource history
 * dashboard's list over 24 h, limit 50), each with its bare-driver twin (view-driver-queries.ts).
 */
import type { ApiCase } from './api-cases';
import { queryString, type ApiProcess } from './api-client';
import type { Store, StoredResource } from './core';
import { HOUR_MS } from './traffic';
import { driverErrorDetail, driverErrors, driverResourceDetail, driverResources } from './view-driver-queries';

/** Inputs of the views cases, taken from the seeded data. */
export interface ViewSamples {
  /** The fingerprint with the most records over the last 7 days, and the host of its sample record. */
  topFingerprint: string;
  errorHost: string;
  /** Of the instances named by the most logs, the one the most requests touched. */
  busiestInstance: string;
  /** The second page of the resource dashboard's list (24 h, failures first, 50), when there is one. */
  resourcesPage2: {
    cursor: string;
    after: { maxLevel: number; errorCount: number; lastSeen: Date; id: string };
  } | null;
}

/** The Errors query type's default limit (the datasource's default query) and the dashboards' panel limits. */
const QUERY_LIMIT = 1000;
const OVERVIEW_LIMIT = 20;
const RESOURCE_DASHBOARD_LIMIT = 50;
/** Instances read (by log count, index-backed) to pick the one with the most requests. */
const INSTANCE_CANDIDATES = 50;

const iso = (d: Date): string => d.toISOString();

/** Finds the views' sample inputs: two API calls and one index-backed read of the resources. */
export async function findViewSamples(store: Store, api: ApiProcess, end: Date): Promise<ViewSamples> {
  const getJson = async <T>(path: string): Promise<T> => {
    const answer = await api.get(path);
    if (answer.status !== 200) throw new Error(`${path} answered ${answer.status}: ${answer.body.slice(0, 300)}`);
    return JSON.parse(answer.body) as T;
  };
  const week = { from: iso(new Date(end.getTime() - 168 * HOUR_MS)), to: iso(end) };
  const top = await getJson<{ items: Array<{ fingerprint: string; sample: { host: string } }> }>(
    `/errors?${queryString({ ...week, limit: 1 })}`,
  );
  const instances = await store
    .collection<StoredResource>('resources')
    .find({ kinds: 'instance' })
    .sort({ count: -1, _id: -1 })
    .limit(INSTANCE_CANDIDATES)
    .toArray();
  const busiest = instances.reduce<StoredResource | undefined>(
    (best, r) => (!best || r.requestCount > best.requestCount ? r : best),
    undefined,
  );
  const day = { from: iso(new Date(end.getTime() - 24 * HOUR_MS)), to: iso(end) };
  const page1 = await getJson<{
    items: Array<{ id: string; maxLevel: number; errorCount: number; lastSeen: string }>;
    nextCursor: string | null;
  }>(`/resources?${queryString({ ...day, limit: RESOURCE_DASHBOARD_LIMIT })}`);
  const last = page1.items[page1.items.length - 1];
  const error = top.items[0];
  if (!error || !busiest) throw new Error('the seed has no error fingerprints or no instances (is it seeded?)');
  return {
    topFingerprint: error.fingerprint,
    errorHost: error.sample.host,
    busiestInstance: busiest._id,
    resourcesPage2:
      page1.nextCursor && last
        ? {
            cursor: page1.nextCursor,
            after: {
              maxLevel: last.maxLevel,
              errorCount: last.errorCount,
              lastSeen: new Date(last.lastSeen),
              id: last.id,
            },
          }
        : null,
  };
}

export function viewCases(store: Store, s: ViewSamples, end: Date): ApiCase[] {
  const ago = (hours: number): Date => new Date(end.getTime() - hours * HOUR_MS);
  const span = (hours: number): string => (hours === 168 ? '7 d' : `${hours} h`);
  const out: ApiCase[] = [];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON bodies are read loosely here
  const ids = (list: string, key: string) => (body: any) =>
    (body[list] as Array<Record<string, string>>).map((i) => i[key] as string);

  const errors = (
    label: string,
    hours: number,
    params: {
      limit: number;
      sort?: 'lastSeen' | 'firstSeen';
      newOnly?: boolean;
      host?: string;
      minLevel?: { name: string; value: number };
    },
  ): void => {
    const from = ago(hours);
    out.push({
      family: 'views',
      name: `errors ${span(hours)}, ${label}`,
      path: `/errors?${queryString({ from: iso(from), to: iso(end), minLevel: params.minLevel?.name, host: params.host, sort: params.sort, newOnly: params.newOnly, limit: params.limit })}`,
      driver: driverErrors(store, {
        from,
        to: end,
        host: params.host,
        minLevel: params.minLevel?.value,
        sort: params.sort ?? 'count',
        newOnly: params.newOnly,
        limit: params.limit,
      }),
      digest: ids('items', 'fingerprint'),
    });
  };
  const newErrors = { sort: 'firstSeen', newOnly: true, limit: OVERVIEW_LIMIT } as const;
  errors('count, 20 (overview: top errors)', 1, { limit: OVERVIEW_LIMIT });
  errors('new only, firstSeen, 20 (overview: new errors)', 1, newErrors);
  errors('count, 1000', 24, { limit: QUERY_LIMIT });
  errors('new only, firstSeen, 20', 24, newErrors);
  errors('count, 1000', 168, { limit: QUERY_LIMIT });
  errors('lastSeen, 1000', 168, { limit: QUERY_LIMIT, sort: 'lastSeen' });
  errors('host, count, 1000', 24, { limit: QUERY_LIMIT, host: s.errorHost });
  errors('ERROR+, count, 1000', 24, { limit: QUERY_LIMIT, minLevel: { name: 'ERROR', value: 40 } });

  for (const hours of [24, 168]) {
    const range = { from: ago(hours), to: end };
    out.push({
      family: 'views',
      name: `error detail (top fingerprint), ${span(hours)}, 1000`,
      path: `/errors/${s.topFingerprint}?${queryString({ from: iso(range.from), to: iso(end), limit: QUERY_LIMIT })}`,
      driver: driverErrorDetail(store, s.topFingerprint, range, QUERY_LIMIT),
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON bodies are read loosely here
      digest: (body: any) => [...ids('requests', 'requestId')(body), ...ids('records', 'id')(body)],
    });
  }

  const resources = (label: string, hours: number, limit: number, kind?: string): void => {
    const from = ago(hours);
    out.push({
      family: 'views',
      name: `resources ${span(hours)}, ${label}`,
      path: `/resources?${queryString({ from: iso(from), to: iso(end), kind, limit })}`,
      driver: driverResources(store, { from, to: end, kind, limit }),
      digest: ids('items', 'id'),
    });
  };
  resources('failures, 50 (resource dashboard)', 24, RESOURCE_DASHBOARD_LIMIT);
  resources('kind instance, failures, 50', 24, RESOURCE_DASHBOARD_LIMIT, 'instance');
  resources('failures, 1000', 168, QUERY_LIMIT);
  if (s.resourcesPage2) {
    const from = ago(24);
    out.push({
      family: 'views',
      name: 'resources 24 h, failures, 50, cursor page 2',
      path: `/resources?${queryString({ from: iso(from), to: iso(end), limit: RESOURCE_DASHBOARD_LIMIT, cursor: s.resourcesPage2.cursor })}`,
      driver: driverResources(store, {
        from,
        to: end,
        limit: RESOURCE_DASHBOARD_LIMIT,
        after: s.resourcesPage2.after,
      }),
      digest: ids('items', 'id'),
    });
  }

  out.push({
    family: 'views',
    name: 'resource history (busiest instance), 1000',
    path: `/resources/${s.busiestInstance}?${queryString({ limit: QUERY_LIMIT })}`,
    driver: driverResourceDetail(store, s.busiestInstance, QUERY_LIMIT),
    digest: ids('requests', 'requestId'),
  });
  return out;
}
