// WhatsApp Web's auth state over the gateway's store (never files): the creds in the instance's
// transport auth, the signal keys in the key store. Every key write is durable before `set` returns, so a
// crash never leaves the phone and the store disagreeing on a key.

import {
  BufferJSON,
  initAuthCreds,
  proto,
  type AuthenticationCreds,
  type AuthenticationState,
  type SignalDataSet,
  type SignalDataTypeMap,
} from 'baileys';
import type { TransportAuthStore, TransportKeyChange, TransportKeyStore } from '../transport.js';

export interface AuthStores {
  creds: TransportAuthStore;
  keys: TransportKeyStore;
}

export interface StoredAuthState {
  state: AuthenticationState;
  /** Writes the creds as they are now (baileys updates the object in place, then emits creds.update). */
  saveCreds(): Promise<void>;
}

export async function loadStoredAuthState(idInstance: number, stores: AuthStores): Promise<StoredAuthState> {
  const creds = parseCreds(await stores.creds.load(idInstance));
  return {
    state: {
      creds,
      keys: {
        get: async <T extends keyof SignalDataTypeMap>(type: T, ids: string[]) => {
          const found = await stores.keys.get(idInstance, type, ids);
          const values: { [id: string]: SignalDataTypeMap[T] } = {};
          for (const [id, raw] of found) values[id] = reviveKey(type, raw) as SignalDataTypeMap[T];
          return values;
        },
        set: async (data: SignalDataSet) => {
          const changes: TransportKeyChange[] = [];
          for (const [type, entries] of Object.entries(data)) {
            for (const [id, value] of Object.entries(entries ?? {})) {
              changes.push({ type, id, value: value == null ? null : JSON.stringify(value, BufferJSON.replacer) });
            }
          }
          await stores.keys.set(idInstance, changes);
        },
        clear: () => stores.keys.clear(idInstance),
      },
    },
    saveCreds: () => stores.creds.save(idInstance, JSON.stringify(creds, BufferJSON.replacer)),
  };
}

/** Forgets the session: the next connection starts unlinked, with a new QR. */
export async function wipeStoredAuthState(idInstance: number, stores: AuthStores): Promise<void> {
  await stores.keys.clear(idInstance);
  await stores.creds.save(idInstance, null);
}

/** Saved creds, or new ones when there are none (or what is saved is not ours, e.g. left by the sandbox). */
function parseCreds(saved: string | null): AuthenticationCreds {
  if (saved) {
    try {
      const creds = JSON.parse(saved, BufferJSON.reviver) as AuthenticationCreds;
      if (creds?.noiseKey && creds.signedIdentityKey) return creds;
    } catch {
      // not WhatsApp Web creds: start over
    }
  }
  return initAuthCreds();
}

function reviveKey(type: string, raw: string): unknown {
  const value: unknown = JSON.parse(raw, BufferJSON.reviver);
  // Protobuf values must be rebuilt as their class, or baileys cannot read them back.
  if (type === 'app-state-sync-key' && value) return proto.Message.AppStateSyncKeyData.fromObject(value as object);
  return value;
}
