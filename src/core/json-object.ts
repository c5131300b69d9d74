// A request body as a JSON object: no body is an empty object; any other JSON value is refused.

import { validationError } from './errors.js';

export function asJsonObject(body: unknown): Record<string, unknown> {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) throw validationError('request body must be a JSON object');
  return body as Record<string, unknown>;
}
