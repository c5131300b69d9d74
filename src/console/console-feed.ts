// What the console shows live, as this node sees it: instance states, a new QR to show, and each
// notification as it is committed (a read-only view: the bot still receives and deletes them).

import type { InstanceState } from '../instances/instance.js';

export type ConsoleEvent =
  | { kind: 'state'; idInstance: number; state: InstanceState }
  | { kind: 'qr'; idInstance: number }
  | { kind: 'notification'; idInstance: number; typeWebhook: string; body: unknown };
