// What a GREEN-API instance method is: its name, its HTTP verb and its handler. Each method is a small
// module in ./methods, listed in ./methods/index.ts.

import type { Instance } from '../instances/instance.js';
import type { InstanceService } from '../instances/instance-service.js';
import type { JournalService } from '../messages/journal-service.js';
import type { MessageService } from '../messages/message-service.js';
import type { NotificationService } from '../notifications/notification-service.js';

export type HttpVerb = 'GET' | 'POST' | 'DELETE';

export interface MethodRequest {
  body: unknown;
  query: Record<string, unknown>;
  /** A path segment after the token (deleteNotification's receiptId). */
  extra: string | undefined;
}

export interface MethodContext {
  instance: Instance;
  instances: InstanceService;
  messages: MessageService;
  notifications: NotificationService;
  journal: JournalService;
}

export interface ApiMethod {
  name: string;
  verb: HttpVerb;
  /** Validates the request (a validation_failed error names the field) and answers it. */
  handle(request: MethodRequest, context: MethodContext): Promise<unknown>;
}
