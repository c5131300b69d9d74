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

describe('configuration of the database and the cluster', () => {
  const refused = (argv: string[], env: Record<string, string> = {}) => {
    try {
      loadConfig(argv, env);
      return '';
    } catch (error) {
      assert.ok(error instanceof ConfigError);
      return error.message;
    }
  };

  it('defaults to SQLite alone, with a 5 s lease for when it is not', () => {
    const config = loadConfig([], {});
    assert.deepEqual([config.databaseUrl, config.clusterSecret, config.nodeUrl, config.clusterLeaseMs], [null, null, null, 5_000]);
  });

  it('takes PostgreSQL, the secret, the node URL and the lease from flags or the environment', () => {
    const config = loadConfig(['--cluster-lease', '3s', '--node-url', 'http://10.0.0.5:7700/'], {
      WAYPOST_DATABASE_URL: 'postgresql://waypost:pw@db:5432/waypost',
      WAYPOST_CLUSTER_SECRET: 's'.repeat(16),
    });
    assert.deepEqual(
      [config.databaseUrl, config.clusterSecret, config.nodeUrl, config.clusterLeaseMs],
      ['postgresql://waypost:pw@db:5432/waypost', 's'.repeat(16), 'http://10.0.0.5:7700', 3_000],
    );
  });

  it('refuses a database URL that is not PostgreSQL without echoing it (it may hold a password)', () => {
    const message = refused(['--database-url', 'mysql://root:hunter2@db/waypost']);
    assert.match(message, /^--database-url must be a PostgreSQL URL like postgres:\/\//);
    assert.doesNotMatch(message, /hunter2/);
  });

  it('refuses a short cluster secret and a lease out of bounds, naming them', () => {
    assert.match(refused([], { WAYPOST_CLUSTER_SECRET: 'short' }), /^WAYPOST_CLUSTER_SECRET must be at least 16 characters long$/);
    assert.match(refused(['--cluster-lease', '100ms']), /^--cluster-lease must be between 1000 ms and 300000 ms/);
  });
});
