/** Volume and annotation frames. Pure. */
import { createDataFrame, FieldType, type DataFrame } from '@grafana/data';
import type { LogRecord, VolumeResponse } from '@logcas/contract';
import { parseLevel } from '@logcas/contract/constants';
import { grafanaLevel, LEVEL_COLORS } from '../levels';

/**
 * One time series per level (LogCAS level names; AUDIT is kept apart from INFO), or with `grafanaLevels`
 * one per Grafana level. The `level` label carries Grafana's level key, which Explore's logs volume reads
 * for colours and level filters.
 */
export function volumeFrames(volume: VolumeResponse, refId: string, grafanaLevels = false): DataFrame[] {
  const times = volume.buckets.map((b) => Date.parse(b.ts));
  const series = new Map<string, { key: string; counts: number[] }>();
  for (const levelName of volume.levels) {
    const key = grafanaLevel(parseLevel(levelName) ?? 0);
    const name = grafanaLevels ? key : levelName;
    const counts = volume.buckets.map((b) => b.counts[levelName] ?? 0);
    const existing = series.get(name);
    if (existing) existing.counts = existing.counts.map((n, i) => n + (counts[i] ?? 0));
    else series.set(name, { key, counts });
  }
  return [...series.entries()].map(([name, { key, counts }]) =>
    createDataFrame({
      refId,
      name,
      fields: [
        { name: 'time', type: FieldType.time, values: times },
        {
          name: 'value',
          type: FieldType.number,
          values: counts,
          labels: { level: key },
          config: {
            displayNameFromDS: name,
            color: { mode: 'fixed', fixedColor: LEVEL_COLORS[key] ?? 'text' },
            custom: { drawStyle: 'bars', fillOpacity: 100, stacking: { mode: 'normal', group: 'A' } },
          },
        },
      ],
      meta: { preferredVisualisationType: 'graph' },
    }),
  );
}

/** WARNING+ logs as annotation events: fields time, title, text and tags, as Grafana's annotation mapping reads. */
export function annotationsFrame(logs: LogRecord[], refId: string): DataFrame {
  return createDataFrame({
    refId,
    name: 'annotations',
    fields: [
      { name: 'time', type: FieldType.time, values: logs.map((l) => Date.parse(l.ts)) },
      {
        name: 'title',
        type: FieldType.string,
        values: logs.map((l) => `${l.levelName} ${l.service ?? 'unknown'}@${l.host ?? 'unknown'}`),
      },
      {
        name: 'text',
        type: FieldType.string,
        values: logs.map((l) => (l.requestId ? `${l.message} (${l.requestId})` : l.message)),
      },
      {
        name: 'tags',
        type: FieldType.other,
        values: logs.map((l) => [l.levelName, l.service, l.host].filter((t): t is string => Boolean(t))),
      },
      { name: 'id', type: FieldType.string, values: logs.map((l) => l.id) },
    ],
  });
}
