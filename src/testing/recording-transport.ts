// A transport for dispatcher tests: records every send with the time it started (and typing shown,
// chats archived) and answers as told.

import type { Clock } from '../core/clock.js';
import type { OutgoingEnvelope, SendResult, Transport } from '../transports/transport.js';

export interface RecordedSend {
  idInstance: number;
  idMessage: string;
  at: number;
}

export function createRecordingTransport(clock: Clock) {
  const sends: RecordedSend[] = [];
  const typing: { chatId: string; at: number }[] = [];
  const archived: { chatId: string; idMessage: string }[] = [];
  const scripted: SendResult[] = [];
  const transport: Pick<Transport, 'send' | 'showTyping' | 'archiveChat'> = {
    async send(idInstance: number, message: OutgoingEnvelope): Promise<SendResult> {
      sends.push({ idInstance, idMessage: message.idMessage, at: clock.now() });
      return scripted.shift() ?? { outcome: 'sent' };
    },
    async showTyping(_idInstance, chatId) {
      typing.push({ chatId, at: clock.now() });
    },
    async archiveChat(_idInstance, chatId, last) {
      archived.push({ chatId, idMessage: last.idMessage });
    },
  };
  return {
    transport,
    sends,
    typing,
    archived,
    /** The next sends answer these results, in order; after them every send succeeds. */
    answerNext(...results: SendResult[]) {
      scripted.push(...results);
    },
  };
}
