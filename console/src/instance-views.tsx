// An instance's overview (its id, token, apiUrl and a curl line; rename, delete), linking (QR, pairing
// code, logout, reboot) and settings (every setting, saved through setSettings).

import { useEffect, useState } from 'preact/hooks';
import { consoleApi, instanceCall, type InstanceInfo } from './api.js';
import type { Feed } from './feed.js';

export function OverviewTab({ instance, onChanged }: { instance: InstanceInfo; onChanged: () => Promise<void> }) {
  const [showToken, setShowToken] = useState(false);
  const [name, setName] = useState(instance.name);
  const [message, setMessage] = useState('');
  const apiUrl = location.origin;
  const curl = `curl -s ${apiUrl}/waInstance${instance.idInstance}/getStateInstance/${instance.apiTokenInstance}`;
  const rename = async (e: Event) => {
    e.preventDefault();
    await consoleApi.renameInstance(instance.idInstance, name).then(() => setMessage('Renamed.'), (err) => setMessage(err.message));
    await onChanged();
  };
  const remove = async () => {
    if (!confirm(`Delete instance ${instance.idInstance}? Its queue ends and its phone is unlinked.`)) return;
    await consoleApi.deleteInstance(instance.idInstance).catch((err) => setMessage(err.message));
    await onChanged();
  };
  return (
    <div class="stack">
      <dl class="facts">
        <dt>idInstance</dt>
        <dd>{instance.idInstance}</dd>
        <dt>apiTokenInstance</dt>
        <dd>
          <code data-testid="token">{showToken ? instance.apiTokenInstance : '•'.repeat(24)}</code>{' '}
          <button class="link" onClick={() => setShowToken(!showToken)}>{showToken ? 'Hide' : 'Show'}</button>
        </dd>
        <dt>apiUrl</dt>
        <dd><code>{apiUrl}</code></dd>
        <dt>State</dt>
        <dd><span class={`state state-${instance.stateInstance}`}>{instance.stateInstance}</span> {instance.wid && <code>{instance.wid}</code>}</dd>
      </dl>
      <div>
        <p class="muted">Try it (the token is in the line):</p>
        <pre class="code">{showToken ? curl : curl.replace(instance.apiTokenInstance, '{apiTokenInstance}')}</pre>
        <button onClick={() => navigator.clipboard?.writeText(curl).then(() => setMessage('Copied.'))}>Copy curl line</button>
      </div>
      <form class="row" onSubmit={rename}>
        <input value={name} onInput={(e) => setName(e.currentTarget.value)} aria-label="Instance name" />
        <button type="submit">Rename</button>
      </form>
      <div>
        <button class="danger" onClick={remove}>Delete instance</button>
      </div>
      {message && <p class="note">{message}</p>}
    </div>
  );
}

export function LinkTab({ instance, feed }: { instance: InstanceInfo; feed: Feed }) {
  const [qr, setQr] = useState<{ type: string; message: string } | null>(null);
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [message, setMessage] = useState('');
  const loadQr = () => instanceCall(instance, 'qr').then(setQr, (err) => setMessage(err.message));
  useEffect(() => {
    void loadQr();
    // A new QR as WhatsApp offers one (every 20 s or so), and once the state changes.
    const stop = feed.listen((event) => {
      if (event.idInstance === instance.idInstance && (event.kind === 'qr' || event.kind === 'state')) void loadQr();
    });
    const timer = setInterval(() => void loadQr(), 20_000);
    return () => {
      stop();
      clearInterval(timer);
    };
  }, [instance.idInstance]);
  const pair = async (e: Event) => {
    e.preventDefault();
    await instanceCall(instance, 'getAuthorizationCode', { body: { phoneNumber: Number(phone) } }).then((a) => setCode(a.code), (err) => setMessage(err.message));
  };
  const act = (method: 'logout' | 'reboot') => instanceCall(instance, method).then(() => setMessage(method === 'logout' ? 'Logged out.' : 'Rebooting.'), (err) => setMessage(err.message));
  return (
    <div class="stack">
      {qr?.type === 'qrCode' && (
        <figure class="qr">
          <img src={`data:image/png;base64,${qr.message}`} alt="QR code to link a phone" />
          <figcaption>Scan with WhatsApp on the phone (Linked devices), or link a sandbox phone from the Phone tab.</figcaption>
        </figure>
      )}
      {qr && qr.type !== 'qrCode' && <p class="note" data-testid="qr-status">{qr.message}</p>}
      <form class="row" onSubmit={pair}>
        <input value={phone} onInput={(e) => setPhone(e.currentTarget.value.replace(/\D/g, ''))} placeholder="79001234567" aria-label="Phone number for a pairing code" />
        <button type="submit">Get pairing code</button>
      </form>
      {code && <p>Type this code on the phone: <code class="big">{code}</code></p>}
      <div class="row">
        <button onClick={() => act('logout')}>Log out</button>
        <button onClick={() => act('reboot')}>Reboot</button>
      </div>
      {message && <p class="note">{message}</p>}
    </div>
  );
}

const readOnly = new Set(['wid', 'countryInstance', 'typeAccount']);

export function SettingsTab({ instance }: { instance: InstanceInfo }) {
  const [settings, setSettings] = useState<Record<string, unknown> | null>(null);
  const [changed, setChanged] = useState<Record<string, unknown>>({});
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  useEffect(() => void instanceCall(instance, 'getSettings').then(setSettings), [instance.idInstance]);
  if (!settings) return <p class="muted">Loading…</p>;
  const save = async (e: Event) => {
    e.preventDefault();
    try {
      await instanceCall(instance, 'setSettings', { body: changed });
      setSettings({ ...settings, ...changed });
      setChanged({});
      setMessage({ ok: true, text: 'Saved.' });
    } catch (err) {
      setMessage({ ok: false, text: (err as Error).message });
    }
  };
  const field = (key: string, value: unknown) => {
    const current = key in changed ? changed[key] : value;
    const set = (next: unknown) => setChanged({ ...changed, [key]: next });
    if (value === 'yes' || value === 'no') {
      return (
        <select name={key} value={String(current)} onChange={(e) => set(e.currentTarget.value)}>
          <option>yes</option>
          <option>no</option>
        </select>
      );
    }
    if (key === 'transport') {
      return (
        <select name={key} value={String(current)} onChange={(e) => set(e.currentTarget.value)}>
          <option>sandbox</option>
          <option>whatsapp-web</option>
        </select>
      );
    }
    if (typeof value === 'number') return <input name={key} type="text" inputMode="numeric" value={String(current)} onInput={(e) => set(/^-?\d+$/.test(e.currentTarget.value) ? Number(e.currentTarget.value) : e.currentTarget.value)} />;
    return <input name={key} value={String(current ?? '')} onInput={(e) => set(e.currentTarget.value)} />;
  };
  return (
    <form class="settings" onSubmit={save}>
      {Object.entries(settings)
        .filter(([key]) => !readOnly.has(key))
        .map(([key, value]) => (
          <label key={key}>
            <span>{key}</span>
            {field(key, value)}
          </label>
        ))}
      {message && <p class={message.ok ? 'note' : 'error'} role="alert">{message.text}</p>}
      <button type="submit" disabled={Object.keys(changed).length === 0}>Save settings</button>
    </form>
  );
}
