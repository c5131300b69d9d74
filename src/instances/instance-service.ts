// Instances: creating, listing and deleting them, checking their tokens, their settings, and their
// link state as the transport reports it (persisted, and passed to the dispatcher).

import type { OwnerAction, OwnerCalls, Ownership } from '../cluster/ownership.js';
import type { Clock } from '../core/clock.js';
import { validationError, WaypostError } from '../core/errors.js';
import { newApiToken, secretsEqual } from '../core/ids.js';
import { noReachoutLock, type ReachoutLock } from '../transports/reachout-lock.js';
import type { Transport } from '../transports/transport.js';
import { deletedDescription } from '../messages/message.js';
import { requireBodyPhoneNumber } from '../messages/send-fields.js';
import type { Instance, InstanceState } from './instance.js';
import type { InstanceStore } from './instance-store.js';
import { createNumberChecks, type NumberCheckAnswer, type NumberCheckOptions } from './number-checks.js';
import { qrPngBase64 } from './qr-image.js';
import { defaultSettings, parseSettingsPatch, type InstanceSettings, type TransportName } from './settings.js';

export interface InstanceServiceDeps {
  store: InstanceStore;
  transport: Transport;
  clock: Clock;
  /** The transport of an instance created without one. */
  defaultTransport: TransportName;
  /** The dispatcher's view of the instances this node sends for, in their epochs. */
  lanes: { track(instance: Instance, epoch: number): void; forget(idInstance: number): void };
  /** Which node holds each instance's live connection (this one alone, without a cluster). */
  ownership: Ownership;
  /** Calls on the owning node, in a cluster. */
  ownerCalls?: OwnerCalls;
  onStateChanged?: (instance: Instance) => void;
  onSettingsChanged?: (instance: Instance) => void;
  /** A new instance: in a cluster, a node takes it. */
  onCreated?: (instance: Instance) => void;
  /** Ends the instance's waiting messages (its owner does: their statuses are its notifications to write). */
  clearQueue: (idInstance: number) => Promise<number>;
  onError: (error: unknown, context: string) => void;
  /** Marks a chat's received messages read (readChat), on the owner. */
  readChat?: (instance: Instance, chatId: string, upTo?: string) => Promise<void>;
  /** How checkWhatsapp caches and limits (defaults: a day, 20 a minute). */
  numberChecks?: NumberCheckOptions;
  /** WhatsApp's reach-out time lock of an instance, as its transport keeps it in the store (any node reads it). */
  reachoutLock?: (idInstance: number) => Promise<ReachoutLock>;
}

export type QrAnswer =
  | { type: 'qrCode'; message: string }
  | { type: 'alreadyLogged'; message: string }
  | { type: 'error'; message: string };

export function createInstanceService(deps: InstanceServiceDeps) {
  const { store, transport, clock } = deps;
  const opened = new Set<number>();
  const numberChecks = createNumberChecks({
    clock,
    check: (idInstance, phone) => {
      if (!transport.checkNumber) throw new WaypostError('transport_unavailable', 'this transport cannot check numbers');
      return transport.checkNumber(idInstance, phone);
    },
    ...(deps.numberChecks ? { options: deps.numberChecks } : {}),
  });
  let stateChanges: Promise<void> = Promise.resolve();

  /** The epoch this node holds the instance in, or null when it is another node's (or nobody's). */
  function epochHere(idInstance: number): number | null {
    const owner = deps.ownership.ownerOf(idInstance);
    return owner.kind === 'self' ? owner.epoch : null;
  }

  /** Opens the transport session of an instance this node owns and has not opened yet (one made by the CLI). */
  function ensureOpen(instance: Instance): void {
    const epoch = epochHere(instance.idInstance);
    if (epoch === null || opened.has(instance.idInstance) || instance.deletedAt !== null) return;
    opened.add(instance.idInstance);
    // Until the transport reports the link, nothing may be sent: the stored state is last run's.
    deps.lanes.track({ ...instance, state: 'starting' }, epoch);
    transport.open(instance.idInstance).catch((e) => deps.onError(e, `opening instance ${instance.idInstance}`));
  }

  /**
   * Runs a call that needs the instance's live connection where that connection is: here, on the owning
   * node, or, while no node holds it, here if it changes only the record (settings, deletion: the next owner
   * opens the instance with them), else nowhere (GREEN-API's answer for an instance that is starting).
   */
  async function atOwner<T>(instance: Instance, action: OwnerAction, body: unknown): Promise<T> {
    const owner = deps.ownership.ownerOf(instance.idInstance);
    if (owner.kind === 'self' || (owner.kind === 'none' && recordOnlyActions.has(action))) {
      return (await ownerActions[action](instance, body)) as T;
    }
    if (owner.kind === 'remote' && deps.ownerCalls) return (await deps.ownerCalls.call(owner, instance.idInstance, action, body)) as T;
    throw new WaypostError('instance_starting', 'instance in starting process, try later');
  }

  // Every request needs its instance: keep them a moment in memory. Changes made here refresh the cache at
  // once; changes made by another process (the CLI) show within the cache's lifetime.
  const cache = new Map<number, { instance: Instance; loadedAt: number }>();
  const live = new Map<number, { state: InstanceState; wid: string | null }>();
  const cacheLifetimeMs = 1_000;

  /** Bumped by every forget: a read that was in flight meanwhile may hold the old record, and is not kept. */
  let forgets = 0;

  function forget(idInstance: number): void {
    forgets++;
    cache.delete(idInstance);
  }

  async function load(idInstance: number): Promise<Instance | undefined> {
    const cached = cache.get(idInstance);
    if (cached && clock.now() - cached.loadedAt < cacheLifetimeMs) return cached.instance;
    const forgetsBefore = forgets;
    const stored = await store.getInstance(idInstance);
    const instance = stored ? withLiveState(stored) : undefined;
    if (instance && forgets === forgetsBefore) remember(instance);
    else cache.delete(idInstance);
    return instance;
  }

  function remember(instance: Instance): void {
    if (cache.size > 50_000) cache.clear();
    cache.set(instance.idInstance, { instance, loadedAt: clock.now() });
  }

  async function requireLive(idInstance: number): Promise<Instance> {
    const instance = await load(idInstance);
    if (!instance || instance.deletedAt !== null) {
      throw new WaypostError('unknown_instance', `instance ${idInstance} does not exist`);
    }
    return instance;
  }

  /**
   * The link as the transport reports it. `starting` (connecting) is kept in memory only: a restart of
   * thousands of linked instances then writes nothing; authorized and notAuthorized, with the wid, persist.
   */
  async function applyState(idInstance: number, state: InstanceState, wid: string | null): Promise<void> {
    const stored = await store.getInstance(idInstance);
    if (!stored || stored.deletedAt !== null) return;
    const before = live.get(idInstance) ?? { state: stored.state, wid: stored.wid };
    const nextWid = state === 'authorized' ? wid : state === 'notAuthorized' ? null : before.wid;
    live.set(idInstance, { state, wid: nextWid });
    const persist = state !== 'starting' && (stored.state !== state || stored.wid !== nextWid);
    if (persist) await store.updateInstance(idInstance, { state, wid: nextWid });
    forget(idInstance);
    const current = withLiveState(persist ? ((await store.getInstance(idInstance)) ?? stored) : stored);
    const epoch = epochHere(idInstance);
    if (epoch === null) return;
    deps.lanes.track(current, epoch);
    if (before.state !== state || before.wid !== nextWid) deps.onStateChanged?.(current);
    if (state === 'authorized' && before.state !== state) showOnline(current);
  }

  /** keepOnlineStatus: the account shows online to its contacts while linked (a courtesy: failures are logged). */
  function showOnline(instance: Instance): void {
    const online = instance.settings.keepOnlineStatus === 'yes';
    transport.setOnline?.(instance.idInstance, online)?.catch((e) => deps.onError(e, `presence of instance ${instance.idInstance}`));
  }

  async function leaveTransport(idInstance: number): Promise<void> {
    await transport.logout(idInstance).catch((e) => deps.onError(e, `logging out instance ${idInstance}`));
    await transport.close(idInstance);
    opened.delete(idInstance);
  }

  /** The link as this node's transport reports it; another node's as stored; nobody's: starting. */
  function withLiveState(instance: Instance): Instance {
    const owner = deps.ownership.ownerOf(instance.idInstance);
    if (owner.kind === 'none') return { ...instance, state: 'starting' };
    const state = owner.kind === 'self' ? live.get(instance.idInstance) : undefined;
    return state ? { ...instance, state: state.state, wid: state.wid } : instance;
  }

  /** The calls that change only the instance's record, done on any node while no node holds it. */
  const recordOnlyActions: ReadonlySet<OwnerAction> = new Set(['updateSettings', 'delete', 'rename']);

  /** What a call needing the instance's owner does on it (here, or for another node). */
  const ownerActions: Record<OwnerAction, (instance: Instance, body: unknown) => Promise<unknown>> = {
    qr: (instance) => qrHere(instance),
    pairingCode: (instance, body) => pairingCodeHere(instance, body),
    logout: (instance) => transport.logout(instance.idInstance),
    reboot: (instance) => rebootHere(instance),
    updateSettings: (instance, body) => updateSettingsHere(instance, body),
    delete: (instance) => deleteHere(instance.idInstance),
    clearQueue: (instance) => deps.clearQueue(instance.idInstance),
    checkWhatsapp: (instance, body) => numberChecks.check(withLiveState(instance), body),
    rename: async (instance, body) => {
      await store.updateInstance(instance.idInstance, { name: (body as { name: string }).name });
      forget(instance.idInstance);
      deps.onSettingsChanged?.(instance);
    },
    readChat: async (instance, body) => {
      const { chatId, idMessage } = body as { chatId: string; idMessage?: string };
      await deps.readChat?.(withLiveState(instance), chatId, idMessage);
    },
  };

  async function qrHere(instance: Instance): Promise<QrAnswer> {
    if (instance.state === 'authorized') return { type: 'alreadyLogged', message: 'instance account already authorized' };
    try {
      return { type: 'qrCode', message: await qrPngBase64(await transport.qrText(instance.idInstance)) };
    } catch (error) {
      return { type: 'error', message: `no QR code yet: ${(error as Error).message}; try again in a few seconds` };
    }
  }

  async function pairingCodeHere(instance: Instance, body: unknown): Promise<{ status: boolean; code: string }> {
    const phone = requireBodyPhoneNumber(body);
    if (instance.state === 'authorized') throw validationError('instance account already authorized');
    return { status: true, code: await transport.pairingCode(instance.idInstance, phone) };
  }

  async function rebootHere(instance: Instance): Promise<void> {
    await transport.close(instance.idInstance);
    opened.delete(instance.idInstance);
    ensureOpen(await requireLive(instance.idInstance));
  }

  async function updateSettingsHere(instance: Instance, body: unknown): Promise<InstanceSettings> {
    const patch = parseSettingsPatch(body);
    const idInstance = instance.idInstance;
    const switching = patch.transport !== undefined && patch.transport !== instance.settings.transport;
    // Another transport means another link: unlink from the old one first, then open on the new one.
    if (switching) await leaveTransport(idInstance);
    const updated = await store.updateInstance(idInstance, { settings: { ...instance.settings, ...patch } });
    forget(idInstance);
    if (switching && updated) ensureOpen(updated);
    const epoch = epochHere(idInstance);
    if (updated && epoch !== null) deps.lanes.track(withLiveState(updated), epoch);
    if (updated && epoch !== null && patch.keepOnlineStatus !== undefined && withLiveState(updated).state === 'authorized') showOnline(updated);
    if (updated) deps.onSettingsChanged?.(updated);
    return (updated ?? instance).settings;
  }

  async function deleteHere(idInstance: number): Promise<boolean> {
    const instance = await store.getInstance(idInstance);
    if (!instance || instance.deletedAt !== null) return false;
    if (epochHere(idInstance) !== null) await leaveTransport(idInstance);
    deps.lanes.forget(idInstance);
    const deleted = await store.deleteInstance(idInstance, clock.now(), deletedDescription);
    forget(idInstance);
    live.delete(idInstance);
    return deleted;
  }

  return {
    /** Whether WhatsApp lets the instance start new chats now (its reach-out time lock). */
    async reachoutLock(idInstance: number): Promise<ReachoutLock> {
      return deps.reachoutLock ? deps.reachoutLock(idInstance) : noReachoutLock;
    },

    /** Opens every live instance's session (at start-up). */
    async start(): Promise<Instance[]> {
      const instances = (await store.listInstances()).filter((i) => i.deletedAt === null);
      for (const instance of instances) ensureOpen(instance);
      return instances;
    },

    async create(input: { name?: unknown; settings?: Record<string, unknown> }): Promise<Instance> {
      if (input.name !== undefined && input.name !== null && typeof input.name !== 'string') {
        throw validationError("'name' must be a string");
      }
      const name = typeof input.name === 'string' ? input.name.slice(0, 200) : '';
      const settings = { ...defaultSettings(), transport: deps.defaultTransport, ...parseSettingsPatch(input.settings ?? {}) };
      const instance = await store.createInstance({ name, apiToken: newApiToken(), createdAt: clock.now(), settings });
      ensureOpen(instance);
      deps.onCreated?.(instance);
      return instance;
    },

    list: () => store.listInstances(),

    /** The instance as it is now, link state included (cached for a moment). */
    get: (idInstance: number) => load(idInstance),

    async delete(idInstance: number): Promise<boolean> {
      const instance = await store.getInstance(idInstance);
      if (!instance || instance.deletedAt !== null) return false;
      return atOwner<boolean>(instance, 'delete', null);
    },

    /** The instance behind a URL, if the token is its own (compared in constant time). */
    async authenticate(idInstance: number, token: string): Promise<Instance> {
      const instance = await requireLive(idInstance);
      if (!secretsEqual(token, instance.apiToken)) {
        throw new WaypostError('unauthorized', 'the apiTokenInstance is not the token of this instance');
      }
      ensureOpen(instance);
      return instance;
    },

    /** Gives the instance another name (a label for people: the console, getInstances). */
    async rename(idInstance: number, name: unknown): Promise<void> {
      if (typeof name !== 'string') throw validationError("'name' must be a string");
      if (name.length > 200) throw validationError("'name' must be at most 200 characters long");
      await atOwner(await requireLive(idInstance), 'rename', { name });
      forget(idInstance);
    },

    async updateSettings(idInstance: number, body: unknown): Promise<InstanceSettings> {
      parseSettingsPatch(body);
      const settings = await atOwner<InstanceSettings>(await requireLive(idInstance), 'updateSettings', body);
      forget(idInstance);
      return settings;
    },

    /** The transport's word on the link: persisted first, then passed on, one change at a time. */
    onStateChanged(idInstance: number, state: InstanceState, wid: string | null): Promise<void> {
      stateChanges = stateChanges
        .then(() => applyState(idInstance, state, wid))
        .catch((e) => deps.onError(e, `state change of instance ${idInstance}`));
      return stateChanges;
    },

    /** readChat, done by the instance's owner (its live connection sends the receipts). */
    async readChat(instance: Instance, target: { chatId: string; idMessage?: string }): Promise<void> {
      await atOwner(instance, 'readChat', target);
    },

    /** checkWhatsapp, answered by the instance's owner (its live connection asks WhatsApp). */
    async checkWhatsapp(instance: Instance, body: unknown): Promise<NumberCheckAnswer> {
      return atOwner<NumberCheckAnswer>(instance, 'checkWhatsapp', body);
    },

    async qr(instance: Instance): Promise<QrAnswer> {
      try {
        return await atOwner<QrAnswer>(instance, 'qr', null);
      } catch (error) {
        if (error instanceof WaypostError && error.code === 'instance_starting') return { type: 'error', message: error.message };
        throw error;
      }
    },

    pairingCode: (instance: Instance, body: unknown) => atOwner<{ status: boolean; code: string }>(instance, 'pairingCode', body),

    logout: (instance: Instance) => atOwner<void>(instance, 'logout', null),

    reboot: (instance: Instance) => atOwner<void>(instance, 'reboot', null),

    clearQueue: (instance: Instance) => atOwner<number>(instance, 'clearQueue', null),

    /** A call another node made here, as this instance's owner; refused when this node no longer is. */
    async actAsOwner(idInstance: number, action: OwnerAction, body: unknown): Promise<unknown> {
      if (epochHere(idInstance) === null) throw new WaypostError('instance_starting', 'instance in starting process, try later');
      const instance = await requireLive(idInstance);
      return ownerActions[action](instance, body);
    },

    /** Another node changed these instances: read them again on their next use. */
    invalidate(idInstances: readonly number[]): void {
      for (const idInstance of idInstances) forget(idInstance);
    },

    /** This node now owns the instance, in this epoch: open its session and send for it. */
    async adopt(idInstance: number): Promise<void> {
      const instance = await store.getInstance(idInstance);
      forget(idInstance);
      if (instance) ensureOpen(instance);
    },

    /** Another node owns the instance now (or will): stop sending, close the session, forget its state. */
    async release(idInstance: number): Promise<void> {
      deps.lanes.forget(idInstance);
      live.delete(idInstance);
      forget(idInstance);
      if (!opened.delete(idInstance)) return;
      await transport.close(idInstance).catch((e) => deps.onError(e, `closing instance ${idInstance}`));
    },

    async stop(): Promise<void> {
      await transport.stop();
      opened.clear();
    },
  };
}

export type InstanceService = ReturnType<typeof createInstanceService>;
