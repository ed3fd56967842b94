/**
 * The fingerprint of a WARNING+ record (docs/fingerprints.md): what makes two records "the same error".
 *   - with a traceback: the raised exception's class and the innermost frame of OpenStack code (file and
 *     function, no line numbers, so a patch release does not split a known error in two);
 *   - otherwise: the logger and the message template (`template.ts`: ids, hosts, numbers, addresses masked).
 * The fingerprint is a short hash of that key; the key's readable parts travel with it for display. Pure.
 */
import { createHash } from 'node:crypto';
import { LEVELS } from '@logcas/contract';
import { messageTemplate } from './template';
import { innermostOpenStackFrame, readTraceback } from './traceback';

/** What a fingerprint stands for, readable. */
export interface ErrorSignature {
  /** 16 hex characters. */
  fingerprint: string;
  kind: 'traceback' | 'message';
  /** Traceback: the exception class (null when the traceback was cut before it). */
  exception: string | null;
  /** Traceback: `file:function` of the innermost OpenStack frame. */
  location: string | null;
  /** Message: the masked message; traceback: null. */
  template: string | null;
  /** One line for a table: `exception at location`, or the logger and template. */
  title: string;
}

/** The fields of a record the fingerprint reads. */
export interface FingerprintInput {
  level: number;
  logger: string | null;
  host: string | null;
  message: string;
  traceback: string | null;
}

/** Records below this level get no fingerprint: they are not errors. */
export const FINGERPRINT_MIN_LEVEL = LEVELS.WARNING;

function hash(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

/** The signature of a record, or null below WARNING. */
export function errorSignature(record: FingerprintInput): ErrorSignature | null {
  if (record.level < FINGERPRINT_MIN_LEVEL) return null;
  const traceback = record.traceback === null ? null : readTraceback(record.traceback);
  const frame = traceback ? innermostOpenStackFrame(traceback.frames) : null;
  if (traceback && frame) {
    const exception = traceback.exception;
    const location = `${frame.file}:${frame.function}`;
    return {
      fingerprint: hash(['traceback', exception ?? '', location].join('\n')),
      kind: 'traceback',
      exception,
      location,
      template: null,
      title: `${exception ?? 'unknown exception'} in ${location}`,
    };
  }
  const logger = record.logger ?? '';
  const template = messageTemplate(record.message, record.host);
  return {
    fingerprint: hash(['message', logger, template].join('\n')),
    kind: 'message',
    exception: null,
    location: null,
    template,
    title: logger ? `${logger}: ${template}` : template,
  };
}
