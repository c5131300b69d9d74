// The project's one error type. A stable `code` says what went wrong; the HTTP layer alone decides
// how each code is answered (see http/error-mapping.ts), so domain code never thinks in status codes.

export type ErrorCode =
  | 'validation_failed'
  | 'unauthorized'
  | 'unknown_instance'
  | 'unknown_method'
  | 'method_disabled'
  | 'method_not_allowed'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'rate_limited'
  | 'overloaded'
  | 'not_authorized'
  | 'transport_unavailable'
  | 'instance_starting'
  | 'owner_unreachable'
  | 'store_unavailable'
  | 'storage_full'
  | 'internal';

export class WaypostError extends Error {
  readonly code: ErrorCode;
  /** For `rate_limited`: the seconds until a retry may pass (the HTTP layer sends it as Retry-After). */
  readonly retryAfterSeconds: number | undefined;

  constructor(code: ErrorCode, message: string, options: { retryAfterSeconds?: number } = {}) {
    super(message);
    this.name = 'WaypostError';
    this.code = code;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export function validationError(message: string): WaypostError {
  return new WaypostError('validation_failed', message);
}

export function isWaypostError(error: unknown): error is WaypostError {
  return error instanceof WaypostError;
}
