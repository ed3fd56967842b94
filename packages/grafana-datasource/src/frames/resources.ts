/**
 * Resources in frames: the resource columns of a logs frame (each uuid a log names, linking to its history),
 * and the Resources list as a table. Pure.
 */
import { createDataFrame, FieldType, type DataFrame, type Field } from '@grafana/data';
import type { ListResponse, LogRecord, ResourceKind, ResourceSummary } from '@logcas/contract';
import { resourceLinks, type LinkTargets } from '../links';
import { listMeta } from './logs';

/**
 * One column per resource kind the logs name (`instance`, `volume`, `port`…), holding the first uuid of
 * that kind per log, each linking to its history: Grafana's log details show them with their links.
 */
export function resourceFields(logs: readonly LogRecord[], links: LinkTargets): Field[] {
  const kinds = new Map<ResourceKind, Array<string | null>>();
  logs.forEach((log, row) => {
    for (const ref of log.resources ?? []) {
      let values = kinds.get(ref.kind);
      if (!values) {
        values = new Array<string | null>(logs.length).fill(null);
        kinds.set(ref.kind, values);
      }
      values[row] ??= ref.id;
    }
  });
  return [...kinds].map(([kind, values]) => ({
    name: kind === 'unknown' ? 'resource' : kind,
    type: FieldType.string,
    values,
    config: { links: resourceLinks(links) },
  }));
}

/** The resources seen in the range (failures first by default), each id linking to its history. */
export function resourcesFrame(list: ListResponse<ResourceSummary>, refId: string, links: LinkTargets): DataFrame {
  const items = list.items;
  const text = (name: string, displayName: string, values: string[]) => ({
    name,
    type: FieldType.string,
    values,
    config: { displayName },
  });
  const count = (name: string, displayName: string, values: number[]) => ({
    name,
    type: FieldType.number,
    values,
    config: { displayName },
  });
  return createDataFrame({
    refId,
    name: 'resources',
    fields: [
      {
        name: 'id',
        type: FieldType.string,
        values: items.map((r) => r.id),
        config: { displayName: 'Resource', links: resourceLinks(links) },
      },
      text(
        'kind',
        'Kind',
        items.map((r) => r.kind),
      ),
      count(
        'errorCount',
        'Logs at ERROR+',
        items.map((r) => r.errorCount),
      ),
      count(
        'requestCount',
        'Requests',
        items.map((r) => r.requestCount),
      ),
      count(
        'count',
        'Logs',
        items.map((r) => r.count),
      ),
      {
        name: 'firstSeen',
        type: FieldType.time,
        values: items.map((r) => Date.parse(r.firstSeen)),
        config: { displayName: 'First seen' },
      },
      {
        name: 'lastSeen',
        type: FieldType.time,
        values: items.map((r) => Date.parse(r.lastSeen)),
        config: { displayName: 'Last seen' },
      },
      text(
        'maxLevel',
        'Max level',
        items.map((r) => r.maxLevelName),
      ),
      text(
        'services',
        'Services',
        items.map((r) => r.services.join(', ')),
      ),
      text(
        'hosts',
        'Hosts',
        items.map((r) => r.hosts.join(', ')),
      ),
    ],
    meta: { preferredVisualisationType: 'table', custom: listMeta(list) },
  });
}
