// Compose a button message (or a plain text) with a preview drawn as WhatsApp shows it, the numbered
// fallback text included (the gateway's own code writes it), and send it through the same API a bot uses:
// its answer (the idMessage, or the field it refuses) is shown as it came.

import { useEffect, useState } from 'preact/hooks';
import { textAsSent } from '../../src/messages/numbered-buttons.js';
import { instanceCall, type InstanceInfo } from './api.js';

interface DraftButton {
  buttonId: string;
  buttonText: string;
}

export function ComposeTab({ instance }: { instance: InstanceInfo }) {
  const [kind, setKind] = useState<'buttons' | 'text'>('buttons');
  const [chatId, setChatId] = useState('79990000002@c.us');
  const [text, setText] = useState('Shall we meet tomorrow?');
  const [footer, setFooter] = useState('Tap a button or type its number');
  const [buttons, setButtons] = useState<DraftButton[]>([
    { buttonId: '1', buttonText: 'Yes' },
    { buttonId: '2', buttonText: 'No' },
  ]);
  const [numbered, setNumbered] = useState(true);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  useEffect(() => void instanceCall(instance, 'getSettings').then((s) => setNumbered(s.numberedButtonsText !== 'no')), [instance.idInstance]);

  const send = async (e: Event) => {
    e.preventDefault();
    try {
      const answer =
        kind === 'buttons'
          ? await instanceCall(instance, 'sendButtons', { body: { chatId, message: text, ...(footer ? { footer } : {}), buttons } })
          : await instanceCall(instance, 'sendMessage', { body: { chatId, message: text } });
      setResult({ ok: true, text: `Accepted: idMessage ${answer.idMessage}` });
    } catch (err) {
      setResult({ ok: false, text: (err as Error).message });
    }
  };
  const setButton = (index: number, field: keyof DraftButton, value: string) => setButtons(buttons.map((b, i) => (i === index ? { ...b, [field]: value } : b)));
  const shownText = kind === 'buttons' ? textAsSent({ kind: 'buttons', text, numberedButtons: numbered, buttons: buttons.map((b) => ({ ...b, type: 'reply' as const })) }) : text;

  return (
    <div class="compose">
      <form class="stack" onSubmit={send}>
        <div class="row">
          <label><input type="radio" name="kind" checked={kind === 'buttons'} onChange={() => setKind('buttons')} /> Buttons</label>
          <label><input type="radio" name="kind" checked={kind === 'text'} onChange={() => setKind('text')} /> Text</label>
        </div>
        <label>chatId<input name="chatId" value={chatId} onInput={(e) => setChatId(e.currentTarget.value)} /></label>
        <label>message<textarea name="message" rows={3} value={text} onInput={(e) => setText(e.currentTarget.value)} /></label>
        {kind === 'buttons' && (
          <>
            <label>footer<input name="footer" value={footer} onInput={(e) => setFooter(e.currentTarget.value)} /></label>
            {buttons.map((b, i) => (
              <div class="row" key={i}>
                <input aria-label={`Button ${i + 1} id`} value={b.buttonId} onInput={(e) => setButton(i, 'buttonId', e.currentTarget.value)} size={6} />
                <input aria-label={`Button ${i + 1} text`} value={b.buttonText} onInput={(e) => setButton(i, 'buttonText', e.currentTarget.value)} />
                <button type="button" class="link" onClick={() => setButtons(buttons.filter((_, j) => j !== i))}>Remove</button>
              </div>
            ))}
            {buttons.length < 3 && (
              <button type="button" class="link" onClick={() => setButtons([...buttons, { buttonId: String(buttons.length + 1), buttonText: '' }])}>Add a button</button>
            )}
          </>
        )}
        <button type="submit">Send</button>
        {result && <p class={result.ok ? 'note' : 'error'} role="alert">{result.text}</p>}
      </form>
      <div class="phone-frame" aria-label="Preview">
        <div class="bubble out">
          <p class="text">{shownText}</p>
          {kind === 'buttons' && footer && <p class="footer">{footer}</p>}
          {kind === 'buttons' && buttons.map((b, i) => <div key={i} class="wa-button">{b.buttonText}</div>)}
        </div>
        {kind === 'buttons' && <p class="muted small">{numbered ? 'The numbered lines are for phones that do not draw buttons (numberedButtonsText: yes).' : 'numberedButtonsText is "no": the text goes as written.'}</p>}
      </div>
    </div>
  );
}
