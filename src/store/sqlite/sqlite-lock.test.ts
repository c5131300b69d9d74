import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { StartupError } from '../../core/startup-error.js';
import { lockDataDirectory } from './sqlite-lock.js';

describe('data directory lock', () => {
  const dir = mkdtempSync(join(tmpdir(), 'waypost-lock-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a second holder with the directory and the process that holds it, and frees on release', () => {
    const first = lockDataDirectory(dir);
    assert.throws(
      () => lockDataDirectory(dir),
      (error: unknown) =>
        error instanceof StartupError && error.message.includes(dir) && error.message.includes(`process ${process.pid}`),
    );
    first.release();
    lockDataDirectory(dir).release();
  });
});
