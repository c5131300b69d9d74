import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from './config.js';

describe('configuration of the transports', () => {
  it('defaults to the sandbox, embedded, and WhatsApp Web at its own endpoint', () => {
    const config = loadConfig([], {});
    assert.deepEqual([config.transport, config.sandboxUrl, config.whatsappWsUrl], ['sandbox', null, null]);
  });

  it('takes the transport and both URLs from the environment (a standalone sandbox without its trailing slash)', () => {
    const config = loadConfig([], {
      WAYPOST_TRANSPORT: 'whatsapp-web',
      WAYPOST_SANDBOX_URL: 'http://127.0.0.1:7800/',
      WAYPOST_WHATSAPP_WS_URL: 'ws://127.0.0.1:7900/ws/chat',
    });
    assert.deepEqual([config.transport, config.sandboxUrl, config.whatsappWsUrl], ['whatsapp-web', 'http://127.0.0.1:7800', 'ws://127.0.0.1:7900/ws/chat']);
  });

  it('refuses a bad value, naming the variable', () => {
    const refused = (env: Record<string, string>) => {
      try {
        loadConfig([], env);
        return '';
      } catch (error) {
        assert.ok(error instanceof ConfigError);
        return error.message;
      }
    };
    assert.match(refused({ WAYPOST_TRANSPORT: 'telegram' }), /^WAYPOST_TRANSPORT must be one of sandbox, whatsapp-web, not "telegram"$/);
    assert.match(refused({ WAYPOST_SANDBOX_URL: 'ws://127.0.0.1:7800' }), /^WAYPOST_SANDBOX_URL must be an http URL like/);
    assert.match(refused({ WAYPOST_WHATSAPP_WS_URL: 'http://127.0.0.1:7900' }), /^WAYPOST_WHATSAPP_WS_URL must be a WebSocket URL like/);
    assert.match(refused({ WAYPOST_WHATSAPP_WS_URL: 'not a url' }), /^WAYPOST_WHATSAPP_WS_URL must be a WebSocket URL like/);
  });
});
