/** Response schemas of the records the API returns (model/record.ts, model/summary.ts). */
import { Type } from 'typebox';
import type { LogSource } from '../../model/record';
import { nullable } from './common';

// Optional: a document written by an older or foreign producer may lack a field, and the serialiser must
// not fail on it (required-but-missing would be a 500).
const str = () => Type.Optional(nullable<string>('string'));
const int = () => Type.Optional(nullable<number>('integer'));

export const LogRecordSchema = Type.Object(
  {
    id: Type.String(),
    ts: Type.String({ description: 'ISO 8601 UTC with milliseconds' }),
    level: Type.Integer(),
    levelName: Type.String(),
    host: str(),
    service: str(),
    logger: str(),
    pid: int(),
    message: Type.String(),
    traceback: str(),
    requestId: str(),
    globalRequestId: str(),
    userId: str(),
    projectId: str(),
    domain: str(),
    userDomain: str(),
    projectDomain: str(),
    userName: str(),
    projectName: str(),
    instance: str(),
    remoteAddress: str(),
    httpMethod: str(),
    httpPath: str(),
    httpStatus: int(),
    durationMs: Type.Optional(nullable<number>('number')),
    source: Type.Optional(Type.Unsafe<LogSource>({ type: 'object', additionalProperties: true })),
    extra: Type.Optional(
      Type.Unsafe<Record<string, unknown> | null>({ type: ['object', 'null'], additionalProperties: true }),
    ),
  },
  // Fields a future producer stores still reach the client.
  { additionalProperties: true },
);

export const RequestSummarySchema = Type.Object(
  {
    requestId: Type.String(),
    globalRequestId: str(),
    start: Type.String(),
    end: Type.String(),
    durationMs: Type.Number(),
    count: Type.Integer(),
    levelCounts: Type.Optional(Type.Record(Type.String(), Type.Integer())),
    maxLevel: Type.Integer(),
    maxLevelName: Type.String(),
    services: Type.Optional(Type.Array(Type.String())),
    hosts: Type.Optional(Type.Array(Type.String())),
    userId: str(),
    projectId: str(),
    domain: str(),
    userDomain: str(),
    projectDomain: str(),
    userName: str(),
    projectName: str(),
    remoteAddress: str(),
    httpMethod: str(),
    httpPath: str(),
    httpStatus: int(),
  },
  { additionalProperties: true },
);
