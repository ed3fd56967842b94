/**
 * What a panel's rows must satisfy, worked out from the dashboard's variable states as Grafana holds them
 * (not from the datasource's own reading of them), and the check of every row of every frame against it.
 */
import type { DataFrame } from '@grafana/data';
import { MultiValueVariable, TextBoxVariable, type SceneVariableSet } from '@grafana/scenes';
import { LEVELS as LEVEL_TABLE } from '../../../core/src/index';

const LEVELS: Readonly<Record<string, number>> = LEVEL_TABLE;

/** The values a variable stands for as a filter; undefined means "no filter". */
export function variableMeaning(set: SceneVariableSet, name: string): string[] | undefined {
  const variable = set.getByName(name);
  if (variable instanceof TextBoxVariable) {
    const value = String(variable.getValue() ?? '');
    return value === '' ? undefined : [value];
  }
  if (variable instanceof MultiValueVariable) {
    if (variable.hasAllValue()) {
      if (variable.state.allValue === '*') return undefined;
      const all = variable.state.options.map((option: { value: unknown }) => String(option.value));
      return all.length === 0 ? undefined : all;
    }
    const value = variable.state.value;
    const values = (Array.isArray(value) ? value : [value]).map(String).filter((v) => v !== '');
    return values.length === 0 ? undefined : values;
  }
  throw new Error(`variable ${name} is not defined on this dashboard`);
}

/** A target field: a whole-variable reference (`$x`, `${x}`) takes the variable's meaning; text is itself. */
function fieldMeaning(set: SceneVariableSet, value: unknown): string[] | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const text = String(value);
  const reference = /^\$(?:\{(\w+)\}|(\w+))$/.exec(text);
  if (reference) return variableMeaning(set, (reference[1] ?? reference[2])!);
  return [text];
}

export interface Expected {
  queryType: string;
  hosts?: string[];
  services?: string[];
  minLevel?: number;
  /** Time window of the rows (epoch ms); undefined for request detail and trace. */
  window?: { from: number; to: number };
  requestId?: string;
}

const one = (values: string[] | undefined): string | undefined => values?.[0];

export function expectedFor(
  target: Record<string, unknown>,
  set: SceneVariableSet,
  range: { from: number; to: number },
): Expected {
  const queryType = String(target.queryType ?? 'logs');
  const level = one(fieldMeaning(set, target.minLevel));
  const asked = level === undefined ? undefined : (LEVELS[level.toUpperCase()] ?? Number(level));
  const byType: Record<string, number | undefined> = {
    logs: asked ?? LEVELS.INFO,
    requests: asked ?? LEVELS.INFO,
    volume: asked ?? LEVELS.INFO,
    annotations: Math.max(LEVELS.WARNING!, asked ?? 0),
  };
  const expected: Expected = {
    queryType,
    hosts: fieldMeaning(set, target.host),
    minLevel: byType[queryType] ?? asked,
    requestId: one(fieldMeaning(set, target.requestId)),
  };
  if (queryType !== 'requestDetail' && queryType !== 'requestTrace') {
    expected.services = fieldMeaning(set, target.service);
    const around = one(fieldMeaning(set, target.around));
    const span = Number(one(fieldMeaning(set, target.span)) ?? 60) * 1000;
    const at = around === undefined ? undefined : /^\d+$/.test(around) ? Number(around) : Date.parse(around);
    expected.window =
      queryType === 'logs' && at !== undefined
        ? { from: at - span, to: at + span }
        : { from: range.from, to: range.to };
  }
  return expected;
}

const column = (frame: DataFrame, name: string): unknown[] => [
  ...(frame.fields.find((field) => field.name === name)?.values ?? []),
];

/** Checks every row; returns how many rows it read and what did not match. */
export function checkFrames(frames: DataFrame[], expected: Expected): { rows: number; problems: string[] } {
  const problems: string[] = [];
  let rows = 0;
  const bad = (frame: DataFrame, row: number, what: string): void => {
    if (problems.length < 5) problems.push(`frame ${frame.name ?? frame.refId} row ${row}: ${what}`);
  };
  const inList = (values: string[] | undefined, value: unknown): boolean =>
    values === undefined || values.includes(String(value));
  const related = new Set(
    frames.filter((f) => f.name === 'related requests').flatMap((f) => column(f, 'requestId').map(String)),
  );
  for (const frame of frames) {
    rows += frame.length;
    if (frame.meta?.type === 'log-lines') {
      const labels = column(frame, 'labels') as Array<Record<string, string>>;
      const times = column(frame, 'timestamp') as number[];
      const requestIds = column(frame, 'requestId');
      labels.forEach((label, row) => {
        if (!inList(expected.hosts, label.host)) bad(frame, row, `host ${label.host} not in ${expected.hosts}`);
        if (!inList(expected.services, label.service))
          bad(frame, row, `service ${label.service} not in ${expected.services}`);
        if ((LEVELS[label.level ?? ''] ?? 0) < (expected.minLevel ?? 0))
          bad(frame, row, `level ${label.level} below ${expected.minLevel}`);
        const t = times[row]!;
        if (expected.window && (t < expected.window.from || t > expected.window.to)) {
          bad(frame, row, `time ${new Date(t).toISOString()} outside the window`);
        }
        if (expected.queryType === 'requestDetail' && expected.requestId) {
          const id = String(requestIds[row]);
          if (id !== expected.requestId && !related.has(id))
            bad(frame, row, `request ${id} is neither ${expected.requestId} nor related`);
        }
      });
    } else if (frame.name === 'requests') {
      const lists = (name: string): string[][] => column(frame, name).map((v) => String(v ?? '').split(', '));
      const hosts = lists('hosts');
      const services = lists('services');
      const levels = column(frame, 'maxLevel');
      const starts = column(frame, 'start') as number[];
      const ends = column(frame, 'end') as number[];
      for (let row = 0; row < frame.length; row++) {
        if (expected.hosts && !hosts[row]!.some((h) => expected.hosts!.includes(h)))
          bad(frame, row, `hosts ${hosts[row]}`);
        if (expected.services && !services[row]!.some((s) => expected.services!.includes(s)))
          bad(frame, row, `services ${services[row]}`);
        if ((LEVELS[String(levels[row])] ?? 0) < (expected.minLevel ?? 0)) bad(frame, row, `max level ${levels[row]}`);
        if (expected.window && (starts[row]! > expected.window.to || ends[row]! < expected.window.from)) {
          bad(frame, row, 'request outside the time range');
        }
      }
    } else if (frame.name === 'annotations') {
      const tags = column(frame, 'tags') as string[][];
      tags.forEach((tag, row) => {
        if ((LEVELS[tag[0] ?? ''] ?? 0) < (expected.minLevel ?? 0)) bad(frame, row, `annotation level ${tag[0]}`);
        if (expected.services && !expected.services.includes(tag[1] ?? ''))
          bad(frame, row, `annotation service ${tag[1]}`);
        if (expected.hosts && !expected.hosts.includes(tag[2] ?? '')) bad(frame, row, `annotation host ${tag[2]}`);
      });
    } else if (frame.meta?.preferredVisualisationType === 'trace' && frame.length > 0) {
      if (!column(frame, 'spanID').includes(expected.requestId)) bad(frame, 0, `no span for ${expected.requestId}`);
    } else if (frame.meta?.preferredVisualisationType === 'graph') {
      const counts = frame.fields[1]?.values ?? [];
      counts.forEach((count: number, row: number) => {
        if (!Number.isInteger(count) || count < 0) bad(frame, row, `count ${count}`);
      });
    }
  }
  return { rows, problems };
}

/** A comparable digest of a response: row ids per frame, so Explore's answer can be compared to the panel's. */
export function digest(frames: DataFrame[]): string[] {
  return frames.map((frame) => {
    const ids = column(frame, 'id');
    const key = ids.length > 0 ? ids : frame.fields.find((f) => f.name === 'requestId' || f.name === 'spanID')?.values;
    const values = key ? [...key].map(String) : (frame.fields[1]?.values ?? []).map(String);
    return `${frame.name}:${frame.length}:${values.join(',')}`;
  });
}
