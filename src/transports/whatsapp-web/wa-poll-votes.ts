// Votes in the polls the API sent. WhatsApp encrypts each vote with a key made from the poll's message
// secret; the secret is kept with the poll in the store, so a vote is read after a restart and on any node.
// The vote names its options by their SHA-256: matched back to the poll's option names.

import { createHash } from 'node:crypto';
import { decryptPollVote, jidNormalizedUser, normalizeMessageContent, type WAMessage } from 'baileys';

/** What the transport needs of a poll it sent: its secret (base64) and its options. */
export type PollLookup = (pollId: string) => Promise<{ secret: string; options: string[] } | null>;

/** The vote a message carries, read; null when it is no vote, or one of a poll this account did not send. */
export async function readPollVote(
  wa: WAMessage,
  context: { ownJid: string; pollOf: PollLookup },
): Promise<{ stanzaId: string; selectedOptions: string[] } | null> {
  const update = normalizeMessageContent(wa.message)?.pollUpdateMessage;
  const pollId = update?.pollCreationMessageKey?.id;
  if (!update?.vote || !pollId || !wa.key?.remoteJid) return null;
  const poll = await context.pollOf(pollId);
  if (!poll) return null;
  const voterJid = jidNormalizedUser(wa.key.fromMe ? context.ownJid : (wa.key.participant ?? wa.key.remoteJid));
  const vote = decryptPollVote(update.vote, {
    pollCreatorJid: jidNormalizedUser(context.ownJid),
    pollMsgId: pollId,
    pollEncKey: Buffer.from(poll.secret, 'base64'),
    voterJid,
  });
  const byHash = new Map(poll.options.map((name) => [createHash('sha256').update(name).digest('hex'), name]));
  const selectedOptions = (vote.selectedOptions ?? []).map((hash) => byHash.get(Buffer.from(hash).toString('hex'))).filter((name): name is string => !!name);
  return { stanzaId: pollId, selectedOptions };
}
