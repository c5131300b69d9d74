// Sends waiting for WhatsApp's server acknowledgement, by message id: settled by the ack, by a closed
// connection, or by a timeout (the send is then retried with the same id, which recipients de-duplicate).

import type { Clock, TimerHandle } from '../../core/clock.js';
import type { SendResult } from '../transport.js';

export interface AckWaiters {
  /** Register before relaying: an ack can arrive before the relay call returns. */
  wait(idMessage: string): Promise<SendResult>;
  settle(idMessage: string, result: SendResult): boolean;
  settleAll(result: SendResult): void;
}

export function createAckWaiters(clock: Clock, timeoutMs: number): AckWaiters {
  const waiting = new Map<string, { resolve: (result: SendResult) => void; timer: TimerHandle }>();

  function settle(idMessage: string, result: SendResult): boolean {
    const waiter = waiting.get(idMessage);
    if (!waiter) return false;
    waiting.delete(idMessage);
    waiter.timer.cancel();
    waiter.resolve(result);
    return true;
  }

  return {
    wait(idMessage) {
      return new Promise<SendResult>((resolve) => {
        const timer = clock.setTimer(
          () => settle(idMessage, { outcome: 'retry', description: `WhatsApp did not acknowledge the message within ${timeoutMs} ms` }),
          timeoutMs,
        );
        waiting.set(idMessage, { resolve, timer });
      });
    },
    settle,
    settleAll(result) {
      for (const idMessage of [...waiting.keys()]) settle(idMessage, result);
    },
  };
}
