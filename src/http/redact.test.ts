import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { redactPath } from './redact.js';

const token = 'ec009c10c838ec4a4cb79df03096e786f7ae9ab80e8a5a86c8';

describe('redactPath', () => {
  it('replaces the token of instance and partner URLs and drops the query', () => {
    assert.equal(redactPath(`/waInstance1101000001/sendButtons/${token}?x=1`), '/waInstance1101000001/sendButtons/{apiTokenInstance}');
    assert.equal(redactPath('/partner/getInstances/my-partner-secret'), '/partner/getInstances/{partnerToken}');
    assert.equal(redactPath(`/WAINSTANCE1/deleteNotification/${token}/12`), '/WAINSTANCE1/deleteNotification/{apiTokenInstance}/12');
  });

  it("replaces a file link's token, its only key", () => {
    assert.equal(redactPath('/files/Xk2_9dQ-aa/menu.pdf'), '/files/{fileToken}/menu.pdf');
  });

  it('replaces the token even after an empty or junk method segment', () => {
    assert.equal(redactPath(`/waInstance1101000001//${token}`), '/waInstance1101000001//{apiTokenInstance}');
    assert.equal(redactPath(`/waInstance1101000001/%ED%A0%80/${token}/1`), '/waInstance1101000001/%ED%A0%80/{apiTokenInstance}/1');
  });

  it('replaces what looks like a token anywhere (a URL missing its method)', () => {
    assert.equal(redactPath(`/waInstance1101000001/${token}`), '/waInstance1101000001/{redacted}');
    assert.equal(redactPath(`/anything/${token}/else`), '/anything/{redacted}/else');
  });
});
