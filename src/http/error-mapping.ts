// The one table that decides how each error code is answered over HTTP. A new ErrorCode without a row
// here fails to compile.

import type { ErrorCode } from '../core/errors.js';

export const httpStatusOf: Record<ErrorCode, number> = {
  validation_failed: 400,
  not_authorized: 400,
  instance_starting: 400,
  unauthorized: 401,
  unknown_instance: 403,
  method_disabled: 403,
  unknown_method: 404,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  overloaded: 503,
  owner_unreachable: 503,
  store_unavailable: 503,
  storage_full: 507,
  internal: 500,
  transport_unavailable: 502,
};

/** GREEN-API's error body. `path` is the request path with the token replaced, never echoed. */
export interface ErrorBody {
  statusCode: number;
  timestamp: string;
  path: string;
  message: string;
}

export function errorBody(statusCode: number, path: string, message: string): ErrorBody {
  return { statusCode, timestamp: new Date().toISOString(), path, message };
}
