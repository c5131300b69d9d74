// The instance store's port: instances, their settings and link state, and the transport's saved session.

import type { Instance, InstancePatch, NewInstance } from './instance.js';

export interface InstanceStore {
  createInstance(input: NewInstance): Promise<Instance>;
  getInstance(idInstance: number): Promise<Instance | undefined>;
  /** Every instance, deleted ones included, oldest first. */
  listInstances(): Promise<Instance[]>;
  updateInstance(idInstance: number, patch: InstancePatch): Promise<Instance | undefined>;
  /**
   * Marks the instance deleted and ends its waiting messages as failed with the description, in one
   * transaction; false when there is no such live instance.
   */
  deleteInstance(idInstance: number, at: number, description: string): Promise<boolean>;
}
