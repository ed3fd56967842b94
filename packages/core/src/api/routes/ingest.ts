/**
 * `POST /ingest`: NDJSON (one record a line) or a JSON array of structured records. Each record is parsed on
 * its own; bad ones are reported as `{ index, reason }` and the good ones are stored.
 */
import type { FastifyInstance } from 'fastify';
import type { IngestResponse as IngestResult } from '../../contract';
import { ValidationError } from '../../errors';
import { ingest } from '../../ingest/ingest';
import { OccurrenceCounter } from '../../ingest/stable-id';
import type { ParsedLog } from '../../model/record';
import { parseStructuredRecord } from '../../parse/structured';
import { zoneFormatter } from '../../parse/time';
import { ERROR_RESPONSES, ErrorSchema } from '../schemas/common';
import { IngestQuery, IngestResponse } from '../schemas/routes';
import type { ApiApp, RouteDeps } from '../types';

/** Records stored per ingest call, so a large body is written in bounded batches. */
const BATCH = 1000;

/** Splits the body into records: a JSON array, or NDJSON lines (blank lines skipped). */
export function splitRecords(text: string): Array<{ value?: unknown; error?: string }> {
  const trimmed = text.trim();
  if (trimmed.length === 0) throw new ValidationError('request body is empty; send NDJSON or a JSON array', 'body');
  if (trimmed.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (error) {
      throw new ValidationError(`request body is not a valid JSON array: ${(error as Error).message}`, 'body');
    }
    return (parsed as unknown[]).map((value) => ({ value }));
  }
  if (trimmed.startsWith('{') && trimmed.includes('\n')) {
    // One pretty-printed object spans lines; NDJSON fails this parse at its second record, cheaply.
    try {
      return [{ value: JSON.parse(trimmed) as unknown }];
    } catch {
      // NDJSON: read line by line below.
    }
  }
  return trimmed
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => {
      try {
        return { value: JSON.parse(line) as unknown };
      } catch (error) {
        return { error: `not valid JSON: ${(error as Error).message}` };
      }
    });
}

export function registerIngestRoute(app: ApiApp, { store }: RouteDeps): void {
  // Scoped plugin: this route reads its body as text whatever the content type (NDJSON, JSON, text/plain).
  app.register(async (scope: FastifyInstance) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string' }, (_request, payload, done) => done(null, payload));
    (scope as unknown as ApiApp).post(
      '/ingest',
      {
        schema: {
          summary: 'Ingest structured records (NDJSON or a JSON array)',
          querystring: IngestQuery,
          response: { 200: IngestResponse, 413: ErrorSchema, ...ERROR_RESPONSES },
        },
      },
      async (request): Promise<IngestResult> => {
        const text = typeof request.body === 'string' ? request.body : '';
        const { host, service, timezone } = request.query;
        // An unknown zone is the request's fault as a whole: say so before storing anything.
        if (timezone !== undefined) zoneFormatter(timezone);
        const defaults = { host, service, timezone, channel: 'http' as const };
        const result: IngestResult = { inserted: 0, duplicates: 0, rejected: [] };
        const occurrences = new OccurrenceCounter();
        let batch: ParsedLog[] = [];
        const flush = async (): Promise<void> => {
          if (batch.length === 0) return;
          const stored = await ingest(store, batch, { occurrences });
          result.inserted += stored.inserted;
          result.duplicates += stored.duplicates;
          batch = [];
        };
        for (const [index, item] of splitRecords(text).entries()) {
          if (item.error !== undefined) {
            result.rejected.push({ index, reason: item.error });
            continue;
          }
          try {
            batch.push(...parseStructuredRecord(item.value, defaults));
          } catch (error) {
            result.rejected.push({ index, reason: (error as Error).message });
          }
          if (batch.length >= BATCH) await flush();
        }
        await flush();
        return result;
      },
    );
  });
}
