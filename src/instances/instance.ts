// What an instance is: one WhatsApp account linked (or to be linked) to the gateway, with its token,
// settings and link state.

import type { InstanceSettings } from './settings.js';

/** GREEN-API's `stateInstance` values. Only `authorized` lets the queue send. */
export type InstanceState = 'notAuthorized' | 'authorized' | 'blocked' | 'sleepMode' | 'starting' | 'yellowCard';

export interface Instance {
  idInstance: number;
  name: string;
  apiToken: string;
  createdAt: number;
  deletedAt: number | null;
  settings: InstanceSettings;
  state: InstanceState;
  /** The linked account, `79990000001@c.us`, once authorized. */
  wid: string | null;
  /** The transport's saved session (opaque to everyone but the transport). */
  transportAuth: string | null;
  /** When the last message left; pacing counts from here, across restarts. */
  lastSendAt: number | null;
}

export interface NewInstance {
  name: string;
  apiToken: string;
  createdAt: number;
  settings: InstanceSettings;
}

export type InstancePatch = Partial<Pick<Instance, 'name' | 'settings' | 'state' | 'wid' | 'transportAuth'>>;
