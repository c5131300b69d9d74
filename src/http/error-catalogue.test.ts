import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { httpStatusOf } from './error-mapping.js';

describe('error catalogue (docs/errors.md)', () => {
  it('lists every error code with the status the server answers', () => {
    const page = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
    const documented = Object.fromEntries(
      [...page.matchAll(/^\| `([a-z_]+)` \| (\d{3}) \|/gm)].map((m) => [m[1], Number(m[2])]),
    );
    assert.deepEqual(documented, httpStatusOf);
  });
});
