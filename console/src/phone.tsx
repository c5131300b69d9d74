// A sandbox phone, as a phone shows its chat with the bot: bubbles, a buttons message's buttons to tap
// (the bot gets the reply), a box to type an answer, and receipts. Also links a sandbox phone to the
// instance (a pairing code, typed on that virtual phone for you).

import { useEffect, useState } from 'preact/hooks';
import { instanceCall, sandboxApi, type InstanceInfo } from './api.js';

interface Bubble {
  id: string;
  at: string;
  mine: boolean;
  text: string;
  footer?: string | null;
  buttons?: { buttonId: string; buttonText: string }[];
  selectedButtonId?: string | null;
  read?: boolean;
}

export function PhoneTab({ instance }: { instance: InstanceInfo }) {
  const [own, setOwn] = useState('79990000001');
  const [phone, setPhone] = useState('79990000002');
  const [bubbles, setBubbles] = useState<Bubble[]>([]);
  const [draft, setDraft] = useState('');
  const [message, setMessage] = useState('');
  const botWid = instance.wid;

  const load = async () => {
    if (!botWid || !/^\d{5,20}$/.test(phone)) return setBubbles([]);
    const [received, sent] = await Promise.all([sandboxApi.messages(phone), sandboxApi.sent(phone)]);
    const fromBot: Bubble[] = (received as any[])
      .filter((m) => m.from === botWid)
      .map((m) => ({ id: m.idMessage, at: m.receivedAt, mine: false, text: m.text, footer: m.footer, buttons: m.buttons, selectedButtonId: m.selectedButtonId }));
    // A tap shows as the button's label, as WhatsApp shows it in the chat.
    const label = (buttonId: string) => fromBot.find((b) => b.selectedButtonId === buttonId)?.buttons?.find((x) => x.buttonId === buttonId)?.buttonText ?? buttonId;
    const toBot: Bubble[] = (sent as any[])
      .filter((m) => m.to === botWid)
      .map((m) => ({ id: m.idMessage, at: m.sentAt, mine: true, text: m.text ?? label(m.buttonId), read: m.readAt !== null }));
    setBubbles([...fromBot, ...toBot].sort((a, b) => a.at.localeCompare(b.at)));
  };
  useEffect(() => {
    void load().catch((err) => setMessage(err.message));
    const timer = setInterval(() => void load().catch(() => {}), 1_000);
    return () => clearInterval(timer);
  }, [phone, botWid]);

  const link = async (e: Event) => {
    e.preventDefault();
    try {
      const { code } = await instanceCall(instance, 'getAuthorizationCode', { body: { phoneNumber: Number(own) } });
      await sandboxApi.linkByCode(own, code);
      setMessage(`Linked to ${own}: the instance becomes authorized in a moment.`);
    } catch (err) {
      setMessage((err as Error).message);
    }
  };
  const tap = (bubble: Bubble, buttonId: string) => sandboxApi.tap(phone, bubble.id, buttonId).then(load, (err) => setMessage(err.message));
  const send = async (e: Event) => {
    e.preventDefault();
    if (!draft.trim()) return;
    await sandboxApi.send(phone, botWid, draft).then(() => setDraft(''), (err) => setMessage(err.message));
    await load();
  };

  return (
    <div class="stack">
      {instance.stateInstance !== 'authorized' && (
        <form class="row" onSubmit={link}>
          <span>This instance's own phone:</span>
          <input value={own} onInput={(e) => setOwn(e.currentTarget.value)} aria-label="Instance phone number" size={14} />
          <button type="submit">Link sandbox phone</button>
        </form>
      )}
      <div class="row">
        <span>Chat as the sandbox phone</span>
        <input value={phone} onInput={(e) => setPhone(e.currentTarget.value.replace(/\D/g, ''))} aria-label="Sandbox phone number" size={14} />
      </div>
      {message && <p class="note">{message}</p>}
      <div class="phone-frame chat" aria-label="Sandbox phone chat">
        {!botWid && <p class="muted small">Link the instance first: its chat appears here.</p>}
        {bubbles.map((b) => (
          <div key={b.id} class={b.mine ? 'bubble out' : 'bubble in'} data-testid="bubble">
            <p class="text">{b.text}</p>
            {b.footer && <p class="footer">{b.footer}</p>}
            {b.buttons?.map((button) => (
              <button
                key={button.buttonId}
                class={b.selectedButtonId === button.buttonId ? 'wa-button chosen' : 'wa-button'}
                disabled={!!b.selectedButtonId}
                onClick={() => tap(b, button.buttonId)}
              >
                {button.buttonText}
              </button>
            ))}
            {b.mine && <span class="receipt" title={b.read ? 'read' : 'sent'}>{b.read ? '✓✓' : '✓'}</span>}
          </div>
        ))}
        {botWid && (
          <form class="composer" onSubmit={send}>
            <input value={draft} onInput={(e) => setDraft(e.currentTarget.value)} placeholder="Type an answer" aria-label="Type an answer" />
            <button type="submit">Send</button>
          </form>
        )}
      </div>
    </div>
  );
}
