/**
 * The error and resource views as frames (docs/fingerprints.md). Pure.
 *   - Errors: one row per fingerprint, with a sparkline cell (a nested time/count frame per row) and links
 *     from the fingerprint to its records and failing requests;
 *   - Error detail: the fingerprint's records as a logs frame and its requests as a requests table;
 *   - Resource history: the requests that touched one resource, in time order, with their outcome;
 *     `meta.custom.logcasView` tells the timeline panel to draw them on one axis.
 */
import { createDataFrame, FieldType, type DataFrame } from '@grafana/data';
import type {
  ErrorDetailResponse,
  ErrorSeries,
  ErrorSummary,
  ListResponse,
  ResourceDetailResponse,
} from '@logcas/contract';
import { fingerprintLinks, rangeWindowLinks, requestIdLinks, type LinkTargets } from '../links';
import { listMeta, logsFrame, requestsFrame } from './logs';

/** What `meta.custom.logcasView` says a frame is, for the panel. */
export const RESOURCE_HISTORY_VIEW = 'resourceHistory';

const ms = (iso: string): number => Date.parse(iso);

/** A sparkline as Grafana's table draws it: a small frame of time and count. */
function sparkFrame(series: ErrorSeries): DataFrame {
  const from = ms(series.from);
  return createDataFrame({
    fields: [
      { name: 'time', type: FieldType.time, values: series.counts.map((_c, i) => from + i * series.stepMs) },
      { name: 'count', type: FieldType.number, values: series.counts },
    ],
  });
}

/** The error list as a table. */
export function errorsFrame(list: ListResponse<ErrorSummary>, refId: string, links: LinkTargets): DataFrame {
  const items = list.items;
  return createDataFrame({
    refId,
    name: 'errors',
    fields: [
      {
        name: 'fingerprint',
        type: FieldType.string,
        values: items.map((e) => e.fingerprint),
        config: { displayName: 'Fingerprint', links: fingerprintLinks(links) },
      },
      { name: 'title', type: FieldType.string, values: items.map((e) => e.title), config: { displayName: 'Error' } },
      { name: 'count', type: FieldType.number, values: items.map((e) => e.count), config: { displayName: 'Count' } },
      {
        name: 'trend',
        type: FieldType.frame,
        values: items.map((e) => sparkFrame(e.spark)),
        config: { displayName: 'Trend', custom: { cellOptions: { type: 'sparkline' } } },
      },
      {
        name: 'firstSeen',
        type: FieldType.time,
        values: items.map((e) => ms(e.firstSeen)),
        config: { displayName: 'First seen', links: rangeWindowLinks(links) },
      },
      {
        name: 'lastSeen',
        type: FieldType.time,
        values: items.map((e) => ms(e.lastSeen)),
        config: { displayName: 'Last seen', links: rangeWindowLinks(links) },
      },
      { name: 'new', type: FieldType.boolean, values: items.map((e) => e.isNew), config: { displayName: 'New' } },
      {
        name: 'maxLevel',
        type: FieldType.string,
        values: items.map((e) => e.maxLevelName),
        config: { displayName: 'Max level' },
      },
      {
        name: 'requests',
        type: FieldType.number,
        values: items.map((e) => e.requestCount),
        config: { displayName: 'Requests' },
      },
      { name: 'services', type: FieldType.string, values: items.map((e) => e.services.join(', ')) },
      { name: 'hosts', type: FieldType.string, values: items.map((e) => e.hosts.join(', ')) },
      {
        name: 'sample',
        type: FieldType.string,
        values: items.map((e) => e.sample.message),
        config: { displayName: 'Sample message' },
      },
      {
        name: 'sampleRequestId',
        type: FieldType.string,
        values: items.map((e) => e.sample.requestId),
        config: { displayName: 'Sample request', links: requestIdLinks(links) },
      },
    ],
    meta: { preferredVisualisationType: 'table', custom: listMeta(list) },
  });
}

/** An error's records (logs frame) and the requests it failed (requests table). */
export function errorDetailFrames(detail: ErrorDetailResponse, refId: string, links: LinkTargets): DataFrame[] {
  return [
    logsFrame(detail.records, { refId, links, name: `error ${detail.error.fingerprint}` }),
    requestsFrame(detail.requests, refId, links, 'failing requests'),
  ];
}

/** A resource's requests in time order; bars on one axis in the timeline panel. */
export function resourceHistoryFrame(detail: ResourceDetailResponse, refId: string, links: LinkTargets): DataFrame {
  const requests = detail.requests;
  return createDataFrame({
    refId,
    name: `resource ${detail.resource.id}`,
    fields: [
      {
        name: 'requestId',
        type: FieldType.string,
        values: requests.map((r) => r.requestId),
        config: { displayName: 'Request', links: requestIdLinks(links) },
      },
      {
        name: 'start',
        type: FieldType.time,
        values: requests.map((r) => ms(r.start)),
        config: { displayName: 'Start', links: rangeWindowLinks(links) },
      },
      { name: 'end', type: FieldType.time, values: requests.map((r) => ms(r.end)), config: { displayName: 'End' } },
      {
        name: 'durationMs',
        type: FieldType.number,
        values: requests.map((r) => r.durationMs),
        config: { displayName: 'Elapsed', unit: 'ms' },
      },
      {
        name: 'operation',
        type: FieldType.string,
        values: requests.map((r) => r.operation),
        config: { displayName: 'Operation' },
      },
      {
        name: 'outcome',
        type: FieldType.string,
        values: requests.map((r) => r.outcome),
        config: { displayName: 'Outcome' },
      },
      { name: 'httpStatus', type: FieldType.number, values: requests.map((r) => r.httpStatus) },
      {
        name: 'maxLevel',
        type: FieldType.string,
        values: requests.map((r) => r.maxLevelName),
        config: { displayName: 'Max level' },
      },
      { name: 'services', type: FieldType.string, values: requests.map((r) => r.services.join(', ')) },
      { name: 'hosts', type: FieldType.string, values: requests.map((r) => r.hosts.join(', ')) },
    ],
    meta: {
      preferredVisualisationType: 'table',
      custom: {
        logcasView: RESOURCE_HISTORY_VIEW,
        resourceId: detail.resource.id,
        kind: detail.resource.kind,
        firstSeen: detail.resource.firstSeen,
        lastSeen: detail.resource.lastSeen,
        truncated: detail.truncated,
      },
    },
  });
}
