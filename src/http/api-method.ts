// What a GREEN-API instance method is: its name, its HTTP verb and its handler. Each method is a small
// module in ./methods, listed in ./methods/index.ts.

import type { FileService } from '../files/file-service.js';
import type { Instance } from '../instances/instance.js';
import type { InstanceService } from '../instances/instance-service.js';
import type { JournalService } from '../messages/journal-service.js';
import type { MessageService } from '../messages/message-service.js';
import type { NotificationService } from '../notifications/notification-service.js';
import type { JsonSchema } from './openapi/schema-parts.js';

export type HttpVerb = 'GET' | 'POST' | 'DELETE';

export interface MethodRequest {
  body: unknown;
  query: Record<string, unknown>;
  /** A path segment after the token (deleteNotification's receiptId). */
  extra: string | undefined;
  headers: Record<string, string | string[] | undefined>;
}

export interface MethodContext {
  instance: Instance;
  instances: InstanceService;
  messages: MessageService;
  notifications: NotificationService;
  journal: JournalService;
  files: FileService;
}

/** What the OpenAPI document says of a method: generated from these, so each method carries its own. */
export interface MethodDoc {
  summary: string;
  /** JSON Schema of the request body, when the method takes one. */
  body?: JsonSchema;
  /** The body's media type when it is not JSON (a form, raw bytes); such a body has no example to send. */
  bodyMediaType?: 'multipart/form-data' | 'application/octet-stream';
  /** A body the method accepts (shown in the docs; the test suite sends it). */
  example?: unknown;
  /** Query parameters. */
  query?: Record<string, JsonSchema>;
  /** A path segment after the token (deleteNotification's receipt id). */
  extra?: { name: string; schema: JsonSchema };
  /** JSON Schema of the 200 answer. */
  answer: JsonSchema;
}

export interface ApiMethod {
  name: string;
  verb: HttpVerb;
  doc: MethodDoc;
  /** The body as its bytes (a file upload, a form), not JSON; it may be as large as the file limit. */
  rawBody?: true;
  /** Validates the request (a validation_failed error names the field) and answers it. */
  handle(request: MethodRequest, context: MethodContext): Promise<unknown>;
}
