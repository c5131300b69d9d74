// A transport for dispatcher tests: records every send with the time it started and answers as told.

import type { Clock } from '../core/clock.js';
import type { OutgoingEnvelope, SendResult, Transport } from '../transports/transport.js';

export interface RecordedSend {
  idInstance: number;
  idMessage: string;
  at: number;
}

export function createRecordingTransport(clock: Clock) {
  const sends: RecordedSend[] = [];
  const scripted: SendResult[] = [];
  const transport: Pick<Transport, 'send'> = {
    async send(idInstance: number, message: OutgoingEnvelope): Promise<SendResult> {
      sends.push({ idInstance, idMessage: message.idMessage, at: clock.now() });
      return scripted.shift() ?? { outcome: 'sent' };
    },
  };
  return {
    transport,
    sends,
    /** The next sends answer these results, in order; after them every send succeeds. */
    answerNext(...results: SendResult[]) {
      scripted.push(...results);
    },
  };
}
