// The numbered text fallback: buttons written into the text as GREEN-API recommends ("1 - green"), so
// a recipient whose phone does not render buttons can still answer by typing.

import type { MessageContent } from './message.js';

export function textAsSent(content: MessageContent): string {
  if (!content.numberedButtons || !content.buttons?.length) return content.text;
  const list = content.buttons.map((button, index) => `${index + 1} - ${button.buttonText}`).join('\n');
  return `${content.text}\n\n${list}`;
}
