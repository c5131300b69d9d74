import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Writable } from 'node:stream';
import { createCliLogger } from './log-output.js';

/** A stream that keeps what is written, and says whether it is a terminal. */
function capture(isTTY: boolean) {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { stream: Object.assign(stream, { isTTY }), lines };
}

describe('log output', () => {
  it('writes readable coloured lines to a terminal', () => {
    const { stream, lines } = capture(true);
    createCliLogger('info', stream).info({ idInstance: 1101000001 }, 'instance state changed');
    const text = lines.join('');
    assert.match(text, /INFO/);
    assert.match(text, /instance state changed/);
    assert.match(text.replace(/\x1b\[\d+m/g, ''), /idInstance: 1101000001/);
    assert.match(text, /\x1b\[\d+m/, 'with colours');
    assert.throws(() => JSON.parse(text.trim()), 'not JSON');
  });

  it('writes JSON lines anywhere else', () => {
    const { stream, lines } = capture(false);
    createCliLogger('info', stream).info({ idInstance: 1101000001 }, 'instance state changed');
    const line = JSON.parse(lines.join('').trim());
    assert.equal(line.msg, 'instance state changed');
    assert.equal(line.idInstance, 1101000001);
    assert.equal(line.level, 30);
  });
});
