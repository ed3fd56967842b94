/**
 * The one place that maps errors to HTTP statuses and bodies `{ error: { code, message, parameter? } }`.
 * 4xx messages reach the client; 5xx details go to the server log only, never a stack trace in a response.
 */
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorResponse } from '@logcas/contract';
import {
  ERROR_CODES,
  LogcasError,
  MethodNotAllowedError,
  OverloadedError,
  TimeoutError,
  UnavailableError,
  ValidationError,
} from '../errors';

interface MappedError {
  status: number;
  body: ErrorResponse;
  /** Response headers the status needs (Retry-After, Allow). */
  headers?: Record<string, string>;
}

const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  [ERROR_CODES.validation]: 400,
  [ERROR_CODES.parse]: 400,
  [ERROR_CODES.unauthorized]: 401,
  [ERROR_CODES.forbidden]: 403,
  [ERROR_CODES.notFound]: 404,
  [ERROR_CODES.conflict]: 409,
  [ERROR_CODES.tooLarge]: 413,
  [ERROR_CODES.unavailable]: 503,
  [ERROR_CODES.timeout]: 503,
  [ERROR_CODES.overloaded]: 503,
  // nginx's "client closed request": nobody reads it, but the request log says what happened.
  [ERROR_CODES.cancelled]: 499,
};

interface AjvError {
  keyword: string;
  instancePath: string;
  message?: string;
  params: Record<string, unknown>;
}

function body(code: string, message: string, parameter?: string): ErrorResponse {
  return { error: parameter === undefined ? { code, message } : { code, message, parameter } };
}

/** A schema validation failure, named after the parameter (or unknown parameter) it concerns. */
function mapValidation(errors: AjvError[], context: string | undefined): MappedError {
  // A list filter is one value or a list: when neither fits, the list's own complaint (the deepest) says why.
  const deepest = errors.some((e) => e.keyword === 'anyOf')
    ? [...errors].sort((a, b) => b.instancePath.length - a.instancePath.length)[0]
    : undefined;
  const first = errors.find((e) => e.keyword === 'additionalProperties') ?? deepest ?? (errors[0] as AjvError);
  const path = first.instancePath.replace(/^\//, '').split('/')[0] ?? '';
  if (first.keyword === 'additionalProperties') {
    const name = String(first.params.additionalProperty);
    return { status: 400, body: body(ERROR_CODES.validation, `unknown parameter ${name}`, name) };
  }
  if (context === 'body' && (first.keyword === 'minLength' || first.keyword === 'pattern')) {
    return {
      status: 400,
      body: body(ERROR_CODES.validation, 'request body is empty; send NDJSON or a JSON array', 'body'),
    };
  }
  const name =
    first.keyword === 'required' ? String(first.params.missingProperty) : path || (context === 'body' ? 'body' : '');
  let detail = first.message ?? 'is not valid';
  if (first.keyword === 'enum' && Array.isArray(first.params.allowedValues)) {
    detail = `must be one of ${first.params.allowedValues.join(', ')}`;
  }
  return {
    status: 400,
    body: body(ERROR_CODES.validation, `${name || context || 'input'} ${detail}`, name || context),
  };
}

function mapError(error: unknown): MappedError {
  const fastifyError = error as FastifyError & { validation?: AjvError[] };
  if (Array.isArray(fastifyError?.validation))
    return mapValidation(fastifyError.validation, fastifyError.validationContext);
  if (error instanceof ValidationError) {
    return { status: 400, body: body(error.code, error.message, error.parameter) };
  }
  // The store turns an unreachable database into UnavailableError (store/outage.ts); its detail stays in the log.
  if (error instanceof UnavailableError) {
    return { status: 503, body: body(ERROR_CODES.unavailable, 'the database is not reachable; try again shortly') };
  }
  // A deadline or a full server is the client's to act on (narrow the query, come back): the message says so.
  if (error instanceof TimeoutError) {
    return { status: 503, body: body(error.code, `${error.message}; narrow the time range or add filters`) };
  }
  if (error instanceof OverloadedError) {
    return {
      status: 503,
      body: body(error.code, error.message),
      headers: { 'retry-after': String(error.retryAfterSeconds) },
    };
  }
  if (error instanceof MethodNotAllowedError) {
    return { status: 405, body: body(error.code, error.message), headers: { allow: error.allowed.join(', ') } };
  }
  if (error instanceof LogcasError) {
    const status = STATUS_BY_CODE[error.code] ?? 500;
    return status >= 500
      ? { status, body: body(error.code, 'internal error') }
      : { status, body: body(error.code, error.message) };
  }
  switch (fastifyError?.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, body: body(ERROR_CODES.tooLarge, 'request body is too large', 'body') };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, body: body(ERROR_CODES.validation, 'unsupported content type', 'content-type') };
    case 'FST_ERR_CTP_INVALID_JSON':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { status: 400, body: body(ERROR_CODES.validation, 'request body is not valid', 'body') };
    default:
      break;
  }
  // Fastify's own client errors (bad URL encoding, ...) keep their 4xx status with a generic message.
  const status = typeof fastifyError?.statusCode === 'number' ? fastifyError.statusCode : 500;
  if (status >= 400 && status < 500) {
    return { status, body: body(ERROR_CODES.validation, fastifyError.message || 'bad request') };
  }
  return { status: 500, body: body('INTERNAL', 'internal error') };
}

export function sendMappedError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const mapped = mapError(error);
  if (mapped.status >= 500) request.log.error({ err: error }, 'request failed');
  if (mapped.status === 401) reply.header('www-authenticate', 'Bearer');
  for (const [name, value] of Object.entries(mapped.headers ?? {})) reply.header(name, value);
  return reply.status(mapped.status).send(mapped.body);
}

/**
 * Errors Node's HTTP parser raises before Fastify sees a request. A request line and headers over Node's
 * 16 KiB limit is a 431 in our error shape; anything else unreadable is a 400. The connection is closed after
 * the answer, as Node does, since the rest of the stream can not be trusted.
 */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) {
    socket.destroy(error);
    return;
  }
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const body: ErrorResponse = tooLarge
    ? {
        error: {
          code: ERROR_CODES.tooLarge,
          message: 'the request line and headers are over 16 KiB; send fewer or shorter parameters',
        },
      }
    : { error: { code: ERROR_CODES.validation, message: 'the request could not be read as HTTP' } };
  const text = JSON.stringify(body);
  const status = tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request';
  socket.end(
    `HTTP/1.1 ${status}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
  );
}
