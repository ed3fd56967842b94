/**
 * The LogCAS error family. Every error has a stable `code`; the API's error handler maps codes to HTTP
 * statuses and the CLI's main maps them to exit codes — nowhere else decides either.
 */
export const ERROR_CODES = {
  validation: 'VALIDATION',
  notFound: 'NOT_FOUND',
  unavailable: 'UNAVAILABLE',
  parse: 'PARSE',
  unauthorized: 'UNAUTHORIZED',
  forbidden: 'FORBIDDEN',
  tooLarge: 'TOO_LARGE',
  conflict: 'CONFLICT',
  io: 'IO',
  timeout: 'TIMEOUT',
  overloaded: 'OVERLOADED',
  cancelled: 'CANCELLED',
  methodNotAllowed: 'METHOD_NOT_ALLOWED',
} as const;

export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

export class LogcasError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LogcasError';
    this.code = code;
  }
}

/** Bad input: names the parameter (or field) that was wrong. */
export class ValidationError extends LogcasError {
  readonly parameter: string | undefined;

  constructor(message: string, parameter?: string, options?: { cause?: unknown }) {
    super(ERROR_CODES.validation, message, options);
    this.name = 'ValidationError';
    this.parameter = parameter;
  }
}

/** A route that needs the API token was called without it, or with another one. */
export class UnauthorizedError extends LogcasError {
  constructor(message: string) {
    super(ERROR_CODES.unauthorized, message);
    this.name = 'UnauthorizedError';
  }
}

/** A valid token that does not reach this route: the read token on a write route. */
export class ForbiddenError extends LogcasError {
  constructor(message: string) {
    super(ERROR_CODES.forbidden, message);
    this.name = 'ForbiddenError';
  }
}

export class NotFoundError extends LogcasError {
  constructor(message: string) {
    super(ERROR_CODES.notFound, message);
    this.name = 'NotFoundError';
  }
}

/** The database (or another dependency) can not be reached right now; retrying later may work. */
export class UnavailableError extends LogcasError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(ERROR_CODES.unavailable, message, options);
    this.name = 'UnavailableError';
  }
}

/** A record or line that can not be read as the format it claims to be. */
export class ParseError extends LogcasError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(ERROR_CODES.parse, message, options);
    this.name = 'ParseError';
  }
}

/** A file or stream that could not be read. */
export class IoError extends LogcasError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(ERROR_CODES.io, message, options);
    this.name = 'IoError';
  }
}

/** Another process holds what this one asked for (e.g. the archive lease). */
export class ConflictError extends LogcasError {
  constructor(message: string) {
    super(ERROR_CODES.conflict, message);
    this.name = 'ConflictError';
  }
}

/** A known path asked with a method it does not answer to (HTTP 405 with `Allow`). */
export class MethodNotAllowedError extends LogcasError {
  /** The methods the path does answer to. */
  readonly allowed: readonly string[];

  constructor(message: string, allowed: readonly string[]) {
    super(ERROR_CODES.methodNotAllowed, message);
    this.name = 'MethodNotAllowedError';
    this.allowed = allowed;
  }
}

/** A query ran past its deadline and was stopped (on the server too: `maxTimeMS`). */
export class TimeoutError extends LogcasError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(ERROR_CODES.timeout, message, options);
    this.name = 'TimeoutError';
  }
}

/** Too much work in progress: the request was turned away rather than kept waiting; try again later. */
export class OverloadedError extends LogcasError {
  /** Seconds after which a retry is sensible. */
  readonly retryAfterSeconds: number;

  constructor(message: string, retryAfterSeconds: number) {
    super(ERROR_CODES.overloaded, message);
    this.name = 'OverloadedError';
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** The client went away; its work was stopped. Nobody reads the answer. */
export class CancelledError extends LogcasError {
  constructor(message: string) {
    super(ERROR_CODES.cancelled, message);
    this.name = 'CancelledError';
  }
}
