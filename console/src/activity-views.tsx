// What an instance has waiting and what happened: its queue (clear it), its notifications as they are
// committed (live), and a chat's journal.

import { useEffect, useState } from 'preact/hooks';
import { instanceCall, type FeedEvent, type InstanceInfo } from './api.js';
import type { Feed } from './feed.js';

export function QueueTab({ instance }: { instance: InstanceInfo }) {
  const [queue, setQueue] = useState<any[] | null>(null);
  const [message, setMessage] = useState('');
  const load = () => instanceCall(instance, 'showMessagesQueue').then(setQueue, (err) => setMessage(err.message));
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), 3_000);
    return () => clearInterval(timer);
  }, [instance.idInstance]);
  const clear = async () => {
    if (!confirm(`Clear the queue of instance ${instance.idInstance}? Each waiting message ends as failed.`)) return;
    await instanceCall(instance, 'clearMessagesQueue').then(() => setMessage('Queue cleared.'), (err) => setMessage(err.message));
    await load();
  };
  return (
    <div class="stack">
      <div class="row">
        <strong data-testid="queue-count">{queue === null ? '…' : `${queue.length} waiting`}</strong>
        <button class="danger" onClick={clear} disabled={!queue?.length}>Clear queue</button>
      </div>
      <table class="list">
        <thead>
          <tr><th>idMessage</th><th>method</th><th>chat</th><th>body</th></tr>
        </thead>
        <tbody>
          {(queue ?? []).map((m) => (
            <tr key={m.messageID}>
              <td><code>{m.messageID}</code></td>
              <td>{m.type}</td>
              <td>{m.body?.chatId}</td>
              <td class="clip">{JSON.stringify(m.body)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {message && <p class="note">{message}</p>}
    </div>
  );
}

export function ActivityTab({ instance, feed }: { instance: InstanceInfo; feed: Feed }) {
  const mine = (events: FeedEvent[]) => events.filter((e) => e.kind === 'notification' && e.idInstance === instance.idInstance);
  const [events, setEvents] = useState(() => mine(feed.events));
  useEffect(() => feed.listen(() => setEvents(mine(feed.events))), [instance.idInstance]);
  return (
    <div class="stack">
      <p class="muted">Notifications of this instance as they are committed on this node, newest first (the bot still receives them).</p>
      <ol class="stream" aria-label="Notifications">
        {[...events].reverse().map((event, index) => {
          const n = event as Extract<FeedEvent, { kind: 'notification' }>;
          return (
            <li key={events.length - index}>
              <strong>{n.typeWebhook}</strong> <span class="muted">{summary(n.body)}</span>
              <details>
                <summary>body</summary>
                <pre class="code">{JSON.stringify(n.body, null, 2)}</pre>
              </details>
            </li>
          );
        })}
      </ol>
      {events.length === 0 && <p class="muted">Nothing yet.</p>}
    </div>
  );
}

/** One line of what a notification says. */
function summary(body: any): string {
  if (body?.typeWebhook === 'outgoingMessageStatus') return `${body.idMessage}: ${body.status}${body.description ? ` (${body.description})` : ''}`;
  if (body?.typeWebhook === 'stateInstanceChanged') return body.stateInstance;
  const data = body?.messageData;
  if (!data) return '';
  const reply = data.buttonsResponseMessage ?? data.templateButtonReplyMessage ?? data.interactiveButtonsResponse;
  if (reply) return `${body.senderData?.sender ?? ''} chose "${reply.selectedButtonText ?? reply.selectedDisplayText}" (${reply.selectedButtonId ?? reply.selectedId})`;
  const text = data.textMessageData?.textMessage ?? data.extendedTextMessageData?.text ?? data.fileMessageData?.fileName ?? data.typeMessage;
  return `${body.senderData?.chatId ?? ''}: ${text}`;
}

export function JournalTab({ instance }: { instance: InstanceInfo }) {
  const [chatId, setChatId] = useState('');
  const [entries, setEntries] = useState<any[] | null>(null);
  const [message, setMessage] = useState('');
  const load = async (e: Event) => {
    e.preventDefault();
    await instanceCall(instance, 'getChatHistory', { body: { chatId, count: 100 } }).then(setEntries, (err) => setMessage(err.message));
  };
  return (
    <div class="stack">
      <form class="row" onSubmit={load}>
        <input value={chatId} onInput={(e) => setChatId(e.currentTarget.value)} placeholder="79001234567@c.us" aria-label="Chat id" />
        <button type="submit">Show the chat's journal</button>
      </form>
      {message && <p class="error">{message}</p>}
      <ol class="journal">
        {(entries ?? []).map((entry) => (
          <li key={entry.idMessage} class={entry.type}>
            <span class="muted">{new Date(entry.timestamp * 1000).toLocaleString()}</span> <strong>{entry.type === 'outgoing' ? '→' : '←'}</strong>{' '}
            {entry.textMessage ?? entry.caption ?? entry.typeMessage} {entry.statusMessage && <span class="muted">({entry.statusMessage})</span>}
          </li>
        ))}
      </ol>
    </div>
  );
}
