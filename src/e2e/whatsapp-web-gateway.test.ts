// The whole gateway on its WhatsApp Web transport, against a fake of WhatsApp's servers (the one thing
// that cannot be reached here): what a bot sees through the HTTP API when a tap comes without the buttons
// message's id, a kind Waypost has no shape for arrives, a sender is known only by LID, and WhatsApp's
// reach-out time lock starts, survives a restart and ends.

import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readFile, unlink } from 'node:fs/promises';
import { aesEncryptGCM, downloadContentFromMessage, encryptedStream, hmacSign, proto, toBuffer } from 'baileys';
import { after, before, describe, it } from 'node:test';
import { FakeWaNetwork } from '../testing/fake-wa-network.js';
import { decodeQrPng } from '../testing/decode-qr.js';
import { startTestGateway, type TestGateway } from '../testing/test-gateway.js';
import { waitFor } from '../testing/wait-for.js';

const bot = '79990000001';
const friend = '79990000002';
const stranger = '79990000003';
const friendLid = '123456789012345@lid';

describe('the gateway on WhatsApp Web (fake servers)', () => {
  const network = new FakeWaNetwork();
  let t: TestGateway;
  const incoming = (bodies: any[]) => bodies.filter((b) => b.typeWebhook === 'incomingMessageReceived');

  async function link(): Promise<void> {
    const qr = await waitFor(async () => {
      const answer = await t.call('qr');
      return answer.body?.type === 'qrCode' ? (answer.body.message as string) : undefined;
    }, { what: 'a QR code' });
    network.link(bot, decodeQrPng(qr));
    await waitFor(async () => (await t.call('getStateInstance')).body.stateInstance === 'authorized', { what: 'authorized' });
  }

  async function sendButtons(chatId: string): Promise<string> {
    const sent = await t.call('sendButtons', { body: { chatId, message: 'Pick', buttons: [{ buttonId: 'g', buttonText: 'green' }, { buttonId: 'r', buttonText: 'red' }] } });
    assert.equal(sent.status, 200, sent.text);
    // Out once its send is recorded (a typed answer is read against buttons that went out).
    await waitFor(async () => {
      const entry = await t.call('getMessage', { body: { chatId, idMessage: sent.body.idMessage } });
      return entry.body?.statusMessage !== undefined && entry.body.statusMessage !== 'pending';
    }, { what: 'the send recorded' });
    return sent.body.idMessage;
  }

  before(async () => {
    t = await startTestGateway([], { waSocketFactory: network.createSocket });
    await t.call('setSettings', { body: { transport: 'whatsapp-web' } });
    await link();
    await t.receiveUntil((b) => b.some((x) => x.stateInstance === 'authorized'));
  });
  after(async () => {
    await t.close();
    await network.media.close();
  });

  it('matches a tap without the stanza id to the chat\'s open buttons message; a second such tap still arrives, to an unknown stanza', async () => {
    const id = await sendButtons(`${friend}@c.us`);
    const tap = { interactiveResponseMessage: { body: { text: 'red' }, nativeFlowResponseMessage: { name: 'quick_reply', paramsJson: '{"id":"r"}' } } };
    network.deliver(bot, { remoteJid: `${friend}@s.whatsapp.net` }, tap);
    const [reply] = incoming(await t.receiveUntil((b) => incoming(b).length === 1));
    assert.deepEqual(reply.messageData, {
      typeMessage: 'buttonsResponseMessage',
      buttonsResponseMessage: { stanzaId: id, selectedButtonId: 'r', selectedButtonText: 'red' },
    });
    network.deliver(bot, { remoteJid: `${friend}@s.whatsapp.net` }, tap);
    const [again] = incoming(await t.receiveUntil((b) => incoming(b).length === 1));
    assert.deepEqual(again.messageData.buttonsResponseMessage, { stanzaId: '', selectedButtonId: 'r', selectedButtonText: 'red' }, 'passed on, not dropped');
  });

  it('reports a message written on the phone itself as outgoingMessageReceived', async () => {
    network.deliver(bot, { remoteJid: `${friend}@s.whatsapp.net`, fromMe: true }, { conversation: 'I will take it from here' });
    const bodies = await t.receiveUntil((b) => b.some((x) => x.typeWebhook === 'outgoingMessageReceived'));
    const body = bodies.find((x) => x.typeWebhook === 'outgoingMessageReceived');
    assert.deepEqual(body.messageData, { typeMessage: 'textMessage', textMessageData: { textMessage: 'I will take it from here' } });
    assert.deepEqual([body.senderData.chatId, body.senderData.sender], [`${friend}@c.us`, `${bot}@c.us`]);
  });

  it('reads a vote in a poll with the secret kept in the store, also after a restart', async () => {
    const sent = await t.call('sendPoll', { body: { chatId: `${friend}@c.us`, message: 'Lunch?', options: [{ optionName: 'Yes' }, { optionName: 'No' }] } });
    const relayed = await waitFor(() => network.relayed.find((m) => m.idMessage === sent.body.idMessage), { what: 'the poll relayed' });
    // The recipient's phone has the secret the poll came with; it encrypts its vote with it.
    const secret = Buffer.from(relayed.message.messageContextInfo!.messageSecret!);
    const voteFor = (option: string) =>
      network.deliver(bot, { remoteJid: `${friend}@s.whatsapp.net` }, {
        pollUpdateMessage: {
          pollCreationMessageKey: { remoteJid: `${friend}@s.whatsapp.net`, fromMe: true, id: sent.body.idMessage },
          vote: encryptVote(option, { secret, pollId: sent.body.idMessage, creator: `${bot}@s.whatsapp.net`, voter: `${friend}@s.whatsapp.net` }),
        },
      });
    const update = async () => (await t.receiveUntil((b) => b.some((x) => x.messageData?.typeMessage === 'pollUpdateMessage'))).find((x) => x.messageData?.typeMessage === 'pollUpdateMessage');
    voteFor('Yes');
    assert.deepEqual((await update()).messageData.pollMessageData.votes, [
      { optionName: 'Yes', optionVoters: [`${friend}@c.us`] },
      { optionName: 'No', optionVoters: [] },
    ]);
    await t.restart();
    // The new session's socket is linked again (the stored state says "authorized" before it is).
    await waitFor(() => network.linkedSocketsOf(bot).length > 0 && !network.linkedSocketsOf(bot).some((s) => s.ended), { what: 'reconnected' });
    voteFor('No');
    assert.deepEqual((await update()).messageData.pollMessageData.votes.map((v: any) => v.optionVoters), [[], [`${friend}@c.us`]], 'read after a restart');
  });

  it('shows the account online while keepOnlineStatus is "yes", and not once it is "no"', async () => {
    const onlineMarks = () => network.presences.filter((p) => p.type === 'available' || p.type === 'unavailable').map((p) => p.type);
    const before = onlineMarks().length;
    await t.call('setSettings', { body: { keepOnlineStatus: 'yes' } });
    await waitFor(() => onlineMarks().at(-1) === 'available' && onlineMarks().length > before, { what: 'online' });
    await t.call('setSettings', { body: { keepOnlineStatus: 'no' } });
    await waitFor(() => onlineMarks().at(-1) === 'unavailable', { what: 'offline' });
  });

  it('reports a kind without a GREEN-API shape as unsupportedMessage naming it', async () => {
    network.deliver(bot, { remoteJid: `${friend}@s.whatsapp.net` }, { eventMessage: { name: 'Party' } });
    const [body] = incoming(await t.receiveUntil((b) => incoming(b).length === 1));
    assert.deepEqual(body.messageData, { typeMessage: 'unsupportedMessage', unsupportedMessageData: { kind: 'eventMessage' } });
    assert.ok(t.logs.some((line) => line.includes('"kind":"eventMessage"') && line.includes('"count":1')), 'logged and counted');
  });

  it('names a LID sender by the phone number baileys has mapped, and treats its LID and number as one chat', async () => {
    network.lidMappings.set(friendLid, `${friend}@s.whatsapp.net`);
    const id = await sendButtons(friendLid);
    network.deliver(bot, { remoteJid: friendLid }, { conversation: '1' });
    const [body] = incoming(await t.receiveUntil((b) => incoming(b).length === 1));
    assert.equal(body.senderData.chatId, `${friend}@c.us`);
    assert.equal(body.senderData.sender, `${friend}@c.us`);
    assert.deepEqual(body.messageData.buttonReply, { stanzaId: id, selectedButtonId: 'g', selectedButtonText: 'green', typed: true }, 'the buttons sent to the LID');
    const quoting = await t.call('sendMessage', { body: { chatId: `${friend}@c.us`, message: 'green it is', quotedMessageId: id } });
    assert.equal(quoting.status, 200, `a reply to the number may quote what went to the LID: ${quoting.text}`);
    await waitFor(() => network.relayed.some((m) => m.idMessage === quoting.body.idMessage), { what: 'the quoting reply' });
  });

  it('shows the reach-out time lock, fails sends to new chats while it holds, keeps it over a restart, and reports its end', async () => {
    const ends = new Date(Date.now() + 3_600_000);
    network.announceReachoutLock(bot, { isActive: true, timeEnforcementEnds: ends, enforcementType: 'DEFAULT' });
    const started = await t.receiveUntil((b) => b.some((x) => x.typeWebhook === 'reachoutTimeLockChanged'));
    const expected = { isActive: true, timeEnforcementEnds: Math.floor(ends.getTime() / 1000), enforcementType: 'DEFAULT' };
    assert.deepEqual(started.find((x) => x.typeWebhook === 'reachoutTimeLockChanged').reachoutTimeLock, expected);
    assert.deepEqual((await t.call('getStateInstance')).body, { stateInstance: 'authorized', reachoutTimeLock: expected });
    assert.deepEqual((await t.call('getWaSettings')).body.reachoutTimeLock, expected);

    const relayedBefore = network.relayed.length;
    const blocked = await t.call('sendMessage', { body: { chatId: `${stranger}@c.us`, message: 'hello?' } });
    const status = (await t.receiveUntil((b) => b.some((x) => x.idMessage === blocked.body.idMessage && x.status === 'failed'))).find(
      (x) => x.idMessage === blocked.body.idMessage && x.status === 'failed',
    );
    assert.match(status.description, /does not let this account start new chats until .* \(reach-out time lock, error 463\)/);
    assert.equal(network.relayed.length, relayedBefore, 'nothing went out to the new chat');
    const open = await t.call('sendMessage', { body: { chatId: `${friend}@c.us`, message: 'still here' } });
    await waitFor(() => network.relayed.some((m) => m.idMessage === open.body.idMessage), { what: 'a known chat still gets messages' });

    await t.restart();
    assert.deepEqual((await t.call('getStateInstance')).body.reachoutTimeLock, expected, 'kept over a restart');
    await waitFor(async () => (await t.call('getStateInstance')).body.stateInstance === 'authorized', { what: 'reconnected' });
    const afterRestart = await t.call('sendMessage', { body: { chatId: `${stranger}@c.us`, message: 'again?' } });
    await t.receiveUntil((b) => b.some((x) => x.idMessage === afterRestart.body.idMessage && x.status === 'failed'));

    network.announceReachoutLock(bot, { isActive: false });
    const ended = await t.receiveUntil((b) => b.some((x) => x.typeWebhook === 'reachoutTimeLockChanged'));
    assert.equal(ended.find((x) => x.typeWebhook === 'reachoutTimeLockChanged').reachoutTimeLock.isActive, false);
    assert.deepEqual((await t.call('getStateInstance')).body, { stateInstance: 'authorized' });
    const free = await t.call('sendMessage', { body: { chatId: `${stranger}@c.us`, message: 'hello!' } });
    await waitFor(() => network.relayed.some((m) => m.idMessage === free.body.idMessage), { what: 'new chats open again' });
  });

  it('sends a file as WhatsApp Web does: encrypted, uploaded, and the key in the message; the phone decrypts the very bytes', async () => {
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(30_000)]);
    const uploaded = await t.gateway.http.inject({
      method: 'POST',
      url: `/waInstance${t.instance.idInstance}/uploadFile/${t.instance.apiToken}`,
      payload: pdf,
      headers: { 'content-type': 'application/pdf', 'ga-filename': 'menu.pdf' },
    });
    const { urlFile } = JSON.parse(uploaded.body);
    const sent = await t.call('sendFileByUrl', { body: { chatId: `${friend}@c.us`, urlFile, fileName: 'menu.pdf', caption: 'Our menu' } });
    assert.equal(sent.status, 200, sent.text);
    const relayed = await waitFor(() => network.relayed.find((m) => m.idMessage === sent.body.idMessage), { what: 'the file relayed' });
    const document = relayed.message.documentMessage!;
    assert.deepEqual(
      [document.fileName, document.caption, document.mimetype, Number(document.fileLength), document.mediaKey?.length, document.directPath?.startsWith('/v/')],
      ['menu.pdf', 'Our menu', 'application/pdf', pdf.length, 32, true],
    );
    assert.deepEqual(Buffer.from(document.fileSha256!), createHash('sha256').update(pdf).digest());
    // The recipient's phone downloads what was uploaded and decrypts it with the key the message carries.
    const decrypted = await toBuffer(await downloadContentFromMessage({ mediaKey: document.mediaKey, url: document.url }, 'document'));
    assert.ok(decrypted.equals(pdf), 'the phone gets the very bytes');
    const image = await t.call('sendFileByUrl', { body: { chatId: `${friend}@c.us`, urlFile, fileName: 'menu.jpg' } });
    const relayedImage = await waitFor(() => network.relayed.find((m) => m.idMessage === image.body.idMessage), { what: 'the image relayed' });
    assert.deepEqual([relayedImage.message.imageMessage?.mimetype, relayedImage.message.imageMessage?.caption], ['image/jpeg', undefined]);
  });

  it('downloads and decrypts a received file with baileys, keeps it, and links the bot to the very bytes', async () => {
    const photo = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), randomBytes(20_000)]);
    const encrypted = await encryptedStream(photo, 'image');
    const url = await network.media.put('/v/t62/received-photo.enc', await readFile(encrypted.encFilePath));
    await unlink(encrypted.encFilePath);
    const imageMessage = {
      url,
      mimetype: 'image/jpeg',
      caption: 'my receipt',
      mediaKey: encrypted.mediaKey,
      fileEncSha256: encrypted.fileEncSha256,
      fileSha256: encrypted.fileSha256,
      fileLength: encrypted.fileLength,
    };
    const id = network.deliver(bot, { remoteJid: `${friend}@s.whatsapp.net` }, { imageMessage });
    const body = (await t.receiveUntil((b) => b.some((x) => x.idMessage === id))).find((x) => x.idMessage === id);
    const data = body.messageData.fileMessageData;
    assert.deepEqual([body.messageData.typeMessage, data.caption, data.mimeType, data.fileName], ['imageMessage', 'my receipt', 'image/jpeg', `${id}.jpg`]);
    const link = await t.gateway.http.inject({ method: 'GET', url: new URL(data.downloadUrl).pathname });
    assert.equal(link.statusCode, 200);
    assert.ok(link.rawPayload.equals(photo), 'the kept file is the decrypted photo');
    const download = await t.call('downloadFile', { body: { chatId: `${friend}@c.us`, idMessage: id } });
    assert.equal(download.body.downloadUrl, data.downloadUrl);

    // A file whose download fails still arrives, without a link, and the reason is logged.
    const gone = network.deliver(bot, { remoteJid: `${friend}@s.whatsapp.net` }, { imageMessage: { ...imageMessage, url: `${new URL(url).origin}/v/gone.enc` } });
    const unkept = (await t.receiveUntil((b) => b.some((x) => x.idMessage === gone))).find((x) => x.idMessage === gone);
    assert.equal(unkept.messageData.fileMessageData.downloadUrl, '');
    assert.ok(t.logs.some((line) => line.includes('a received file could not be kept')));
  });
});

/** A vote as a recipient's WhatsApp encrypts it (the scheme baileys' decryptPollVote reads). */
function encryptVote(option: string, p: { secret: Buffer; pollId: string; creator: string; voter: string }) {
  const sign = Buffer.concat([Buffer.from(p.pollId), Buffer.from(p.creator), Buffer.from(p.voter), Buffer.from('Poll Vote'), Buffer.from([1])]);
  const key = hmacSign(sign, hmacSign(p.secret, new Uint8Array(32)));
  const plain = proto.Message.PollVoteMessage.encode({ selectedOptions: [createHash('sha256').update(option).digest()] }).finish();
  const encIv = randomBytes(12);
  return { encPayload: aesEncryptGCM(plain, key, encIv, Buffer.from(`${p.pollId}\u0000${p.voter}`)), encIv };
}
