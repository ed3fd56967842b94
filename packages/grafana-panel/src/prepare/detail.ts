/** Every field of one log, read back from the frames when its mark is clicked (for the drawer). */
import { FieldType, type DataFrame } from '@grafana/data';
import { roleReader, text, timeReader } from './fields';
import { parseLevel } from './levels';
import type { LogRef } from './model';
import type { LevelName } from '../types';

export interface LogDetail {
  time: number;
  level: LevelName;
  message: string;
  traceback: string | null;
  /** Every column of the row (labels spread out as `labels.key`), in frame order, as display text. */
  fields: Array<{ name: string; value: string }>;
}

function display(value: unknown, type: FieldType): string {
  if (value === null || value === undefined) return '';
  if (type === FieldType.time && typeof value === 'number') return new Date(value).toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * LogCAS's logs frames fold the traceback into the body after the message (Grafana's Logs panel shows it that
 * way); the drawer shows it apart. Other bodies stay whole.
 */
function splitTraceback(body: string): { message: string; traceback: string | null } {
  const at = body.indexOf('\nTraceback (most recent call last):');
  return at < 0 ? { message: body, traceback: null } : { message: body.slice(0, at), traceback: body.slice(at + 1) };
}

/** The details of the log at `ref`, or undefined when the reference no longer matches the data. */
export function logDetail(frames: readonly DataFrame[], ref: LogRef): LogDetail | undefined {
  const frame = frames[ref.frame];
  if (!frame || ref.row < 0 || ref.row >= frame.length) return undefined;
  const fields: LogDetail['fields'] = [];
  for (const field of frame.fields) {
    const value = field.values[ref.row];
    if (field.name.toLowerCase() === 'labels' && value && typeof value === 'object') {
      for (const [key, v] of Object.entries(value as Record<string, unknown>))
        fields.push({ name: `labels.${key}`, value: display(v, FieldType.string) });
      continue;
    }
    fields.push({ name: field.name, value: display(value, field.type) });
  }
  const time = timeReader(frame)?.(ref.row) ?? Number.NaN;
  const level = roleReader(frame, 'level');
  const message = roleReader(frame, 'message');
  const tracebackField = frame.fields.find((f) => f.name.toLowerCase() === 'traceback');
  const body = (message ? text(message(ref.row)) : null) ?? '';
  const split = tracebackField
    ? { message: body, traceback: text(tracebackField.values[ref.row]) }
    : splitTraceback(body);
  return { time, level: level ? parseLevel(level(ref.row)) : 'UNKNOWN', ...split, fields };
}
