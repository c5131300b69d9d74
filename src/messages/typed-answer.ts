// Reading a typed answer to a buttons message: "2", "2.", "2)", " 2 " pick the second button; the
// button's text in any case ("GREEN") picks that button. Anything else is just text.

import type { Button } from './message.js';

export function matchTypedAnswer(text: string, buttons: readonly Button[]): Button | undefined {
  const answer = text.trim().replace(/[.)]$/, '').trim();
  if (/^\d{1,2}$/.test(answer)) return buttons[Number(answer) - 1];
  const folded = answer.toLocaleLowerCase();
  return buttons.find((button) => button.buttonText.trim().toLocaleLowerCase() === folded);
}
