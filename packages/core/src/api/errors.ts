/**
 * The one place that maps errors to HTTP statuses and bodies `{ error: { code, message, parameter? } }`.
 * 4xx messages reach the client; 5xx details go to the server log only, never a stack trace in a response.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorResponse } from '@logcas/contract';
import { ERROR_CODES, LogcasError, UnavailableError, ValidationError } from '../errors';

interface MappedError {
  status: number;
  body: ErrorResponse;
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
  return reply.status(mapped.status).send(mapped.body);
}
