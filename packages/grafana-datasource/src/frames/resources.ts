/** The resource columns of a logs frame: each uuid a log names, linking to its history. Pure. */
import { FieldType, type Field } from '@grafana/data';
import type { LogRecord, ResourceKind } from '@logcas/contract';
import { resourceLinks, type LinkTargets } from '../links';

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
