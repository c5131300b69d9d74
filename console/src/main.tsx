// The console's page: sign-in, then the instances (live states) and the selected instance's tabs.

import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, consoleApi, subscribeFeed, type FeedEvent, type InstanceInfo } from './api.js';
import { ActivityTab, JournalTab, QueueTab } from './activity-views.js';
import { ComposeTab } from './compose.js';
import { LinkTab, OverviewTab, SettingsTab } from './instance-views.js';
import { PhoneTab } from './phone.js';
import { useFeed } from './feed.js';

type Session = 'loading' | 'signedOut' | { sandbox: boolean };

function App() {
  const [session, setSession] = useState<Session>('loading');
  const check = () =>
    consoleApi
      .session()
      .then((s) => setSession({ sandbox: s.sandbox }))
      .catch(() => setSession('signedOut'));
  useEffect(() => void check(), []);
  if (session === 'loading') return <p class="muted center">Loading…</p>;
  if (session === 'signedOut') return <SignIn onSignedIn={check} />;
  return <Shell sandbox={session.sandbox} onSignedOut={() => setSession('signedOut')} />;
}

function SignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState(new URLSearchParams(location.search).get('signIn') === 'expired' ? 'That sign-in link was used or has expired: restart the gateway for a new one, or use the partner token.' : '');
  const submit = async (e: Event) => {
    e.preventDefault();
    try {
      await consoleApi.signIn(token);
      history.replaceState(null, '', '/console');
      onSignedIn();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <form class="sign-in card" onSubmit={submit}>
      <h1>Waypost console</h1>
      <p class="muted">Open the sign-in link <code>npm start</code> printed, or sign in with the partner token.</p>
      <label>
        Partner token
        <input name="partnerToken" type="password" value={token} onInput={(e) => setToken(e.currentTarget.value)} autoFocus />
      </label>
      {error && <p class="error" role="alert">{error}</p>}
      <button type="submit">Sign in</button>
    </form>
  );
}

const tabs = ['Overview', 'Link', 'Settings', 'Compose', 'Queue', 'Notifications', 'Journal', 'Phone'] as const;
type Tab = (typeof tabs)[number];

function Shell({ sandbox, onSignedOut }: { sandbox: boolean; onSignedOut: () => void }) {
  const [instances, setInstances] = useState<InstanceInfo[]>([]);
  const [selected, setSelected] = useState<number | null>(null);
  const [tab, setTab] = useState<Tab>('Overview');
  const [error, setError] = useState('');
  const feed = useFeed();

  const reload = async () => {
    try {
      const list = await consoleApi.instances();
      setInstances(list);
      setSelected((current) => (current !== null && list.some((i) => i.idInstance === current) ? current : (list[0]?.idInstance ?? null)));
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) onSignedOut();
      else setError((err as Error).message);
    }
  };
  useEffect(() => void reload(), []);
  // States change on screen as they change (and a slow refresh catches what another node saw).
  useEffect(
    () =>
      subscribeFeed((event: FeedEvent) => {
        feed.push(event);
        if (event.kind !== 'state') return;
        setInstances((list) => list.map((i) => (i.idInstance === event.idInstance ? { ...i, stateInstance: event.state } : i)));
        // A new state may come with a new linked number (wid): read the list again.
        void reload();
      }),
    [],
  );
  useEffect(() => {
    const timer = setInterval(() => void reload(), 10_000);
    return () => clearInterval(timer);
  }, []);

  const instance = instances.find((i) => i.idInstance === selected);
  const create = async (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    try {
      const created = await consoleApi.createInstance({ name: String(data.get('name') ?? ''), transport: String(data.get('transport')) });
      form.reset();
      await reload();
      setSelected(created.idInstance);
      setTab('Link');
    } catch (err) {
      setError((err as Error).message);
    }
  };

  return (
    <div class="shell">
      <aside class="sidebar">
        <header>
          <strong>Waypost</strong>
          <button class="link" onClick={() => consoleApi.signOut().then(onSignedOut)}>Sign out</button>
        </header>
        <ul class="instances" aria-label="Instances">
          {instances.map((i) => (
            <li key={i.idInstance}>
              <button class={i.idInstance === selected ? 'instance active' : 'instance'} onClick={() => setSelected(i.idInstance)}>
                <span>{i.name || `Instance ${i.idInstance}`}</span>
                <small>{i.idInstance}</small>
                <span class={`state state-${i.stateInstance}`} data-testid={`state-${i.idInstance}`}>{i.stateInstance}</span>
              </button>
            </li>
          ))}
        </ul>
        <form class="create" onSubmit={create}>
          <input name="name" placeholder="New instance name" aria-label="New instance name" />
          <select name="transport" aria-label="Transport">
            <option value="sandbox">sandbox</option>
            <option value="whatsapp-web">whatsapp-web</option>
          </select>
          <button type="submit">Create instance</button>
        </form>
        {error && <p class="error" role="alert" onClick={() => setError('')}>{error}</p>}
      </aside>
      <main>
        {instance ? (
          <>
            <nav class="tabs" role="tablist">
              {tabs.filter((t) => t !== 'Phone' || sandbox).map((t) => (
                <button key={t} role="tab" aria-selected={t === tab} class={t === tab ? 'tab active' : 'tab'} onClick={() => setTab(t)}>
                  {t}
                </button>
              ))}
            </nav>
            <section class="panel" key={`${instance.idInstance}-${tab}`}>
              {tab === 'Overview' && <OverviewTab instance={instance} onChanged={reload} />}
              {tab === 'Link' && <LinkTab instance={instance} feed={feed} />}
              {tab === 'Settings' && <SettingsTab instance={instance} />}
              {tab === 'Compose' && <ComposeTab instance={instance} />}
              {tab === 'Queue' && <QueueTab instance={instance} />}
              {tab === 'Notifications' && <ActivityTab instance={instance} feed={feed} />}
              {tab === 'Journal' && <JournalTab instance={instance} />}
              {tab === 'Phone' && <PhoneTab instance={instance} />}
            </section>
          </>
        ) : (
          <p class="muted center">No instance yet: create one on the left.</p>
        )}
      </main>
    </div>
  );
}

render(<App />, document.getElementById('app')!);
