import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Button } from './message.js';
import { textAsSent } from './numbered-buttons.js';
import { matchTypedAnswer } from './typed-answer.js';

const buttons: Button[] = [
  { buttonId: 'g', buttonText: 'green', type: 'reply' },
  { buttonId: 'r', buttonText: 'Red wine', type: 'reply' },
];

describe('typed answers', () => {
  it('picks a button by its number, with or without a dot, bracket or spaces', () => {
    for (const text of ['2', '2.', '2)', ' 2 ', '02']) assert.equal(matchTypedAnswer(text, buttons)?.buttonId, 'r', text);
    assert.equal(matchTypedAnswer('1', buttons)?.buttonId, 'g');
  });

  it('picks a button by its text in any case', () => {
    assert.equal(matchTypedAnswer('GREEN', buttons)?.buttonId, 'g');
    assert.equal(matchTypedAnswer('red wine', buttons)?.buttonId, 'r');
    assert.equal(matchTypedAnswer('Red wine.', buttons)?.buttonId, 'r');
  });

  it('leaves anything else as text', () => {
    for (const text of ['3', '0', 'hello', 'green tea', '1 2', '']) assert.equal(matchTypedAnswer(text, buttons), undefined, text);
  });
});

describe('numbered text fallback', () => {
  it('writes the buttons under the text as "N - text"', () => {
    assert.equal(textAsSent({ kind: 'buttons', text: 'Pick', buttons, numberedButtons: true }), 'Pick\n\n1 - green\n2 - Red wine');
  });

  it('leaves the text alone when switched off', () => {
    assert.equal(textAsSent({ kind: 'buttons', text: 'Pick', buttons, numberedButtons: false }), 'Pick');
  });
});
