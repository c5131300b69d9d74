// What the gateway reports happening, published on one hub; the notification service turns these into
// the bot's notifications.

import type { Instance } from '../instances/instance.js';
import type { MessageStatusEvent } from '../messages/message-events.js';
import type { ReachoutLock } from '../transports/reachout-lock.js';
import type { IncomingMessage } from '../transports/transport.js';

export type GatewayEvent =
  | { type: 'messageStatus'; event: MessageStatusEvent }
  | { type: 'incomingMessage'; idInstance: number; message: IncomingMessage }
  | { type: 'stateChanged'; instance: Instance }
  | { type: 'reachoutLockChanged'; idInstance: number; lock: ReachoutLock };
