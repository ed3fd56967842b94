/**
 * Data links the frames carry: request id → request detail, time → range window, fingerprint → its records
 * and failing requests, resource uuid → its history. Pure.
 */
import type { DataLink } from '@grafana/data';
import type { CollectionName } from '@logcas/contract';
import { QUERY_TYPES, RESOURCE_DASHBOARD_UID, type LogcasQuery } from './types';

export interface LinkTargets {
  datasourceUid: string;
  datasourceName: string;
  /** uid of the request-detail dashboard. */
  requestDashboardUid: string;
  collection: CollectionName;
  /** Range window half-width in seconds. */
  span: number;
}

function explore(targets: LinkTargets, title: string, query: Omit<LogcasQuery, 'refId'>): DataLink<LogcasQuery> {
  return {
    title,
    url: '',
    internal: {
      datasourceUid: targets.datasourceUid,
      datasourceName: targets.datasourceName,
      query: { refId: 'A', collection: targets.collection, ...query },
    },
  };
}

/** Links on a request-id field: the request-detail dashboard, and detail and trace in Explore. */
export function requestIdLinks(targets: LinkTargets): DataLink[] {
  return [
    {
      title: 'Request detail dashboard',
      url:
        `/d/${encodeURIComponent(targets.requestDashboardUid)}?var-request=\${__value.raw}` +
        `&var-collection=${targets.collection}&\${__url_time_range}`,
    },
    explore(targets, 'Request detail in Explore', {
      queryType: QUERY_TYPES.requestDetail,
      requestId: '${__value.raw}',
    }),
    explore(targets, 'Request trace in Explore', { queryType: QUERY_TYPES.requestTrace, requestId: '${__value.raw}' }),
  ];
}

/** Link on a time field: every log of every service and host within ±span seconds of that time. */
export function rangeWindowLinks(targets: LinkTargets): DataLink[] {
  return [
    explore(targets, `Range window ±${targets.span}s`, {
      queryType: QUERY_TYPES.logs,
      around: '${__value.raw}',
      span: targets.span,
      order: 'asc',
    }),
  ];
}

/** Links on a fingerprint field: its records and the requests it failed, in Explore. */
export function fingerprintLinks(targets: LinkTargets): DataLink[] {
  return [
    explore(targets, 'Records and failing requests of this error', {
      queryType: QUERY_TYPES.errorDetail,
      fingerprint: '${__value.raw}',
    }),
  ];
}

/** Links on a resource uuid: the Resource history dashboard, and the history in Explore. */
export function resourceLinks(targets: LinkTargets): DataLink[] {
  return [
    {
      title: 'Resource history dashboard',
      url:
        `/d/${RESOURCE_DASHBOARD_UID}?var-resource=\${__value.raw}` +
        `&var-collection=${targets.collection}&\${__url_time_range}`,
    },
    explore(targets, 'Resource history in Explore', {
      queryType: QUERY_TYPES.resourceHistory,
      resource: '${__value.raw}',
    }),
  ];
}
