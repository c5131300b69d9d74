// The partner (admin) API: /partner/{method}/{partnerToken}. As GREEN-API does, its errors other than a
// wrong partner token come back as HTTP 200 with {code, description}.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isWaypostError, validationError } from '../core/errors.js';
import { asJsonObject } from '../core/json-object.js';
import { secretsEqual } from '../core/ids.js';
import type { Instance } from '../instances/instance.js';
import type { InstanceService } from '../instances/instance-service.js';
import { httpStatusOf } from './error-mapping.js';

export interface PartnerRoutesDeps {
  instances: InstanceService;
  partnerToken: string;
}

interface PartnerParams {
  method: string;
  token: string;
}

/** The partner methods and their verbs (the OpenAPI document describes each; a test holds it to this). */
export const partnerMethodVerbs = { createInstance: 'POST', getInstances: 'GET', deleteInstanceAccount: 'POST', updateInstanceName: 'POST' } as const;

export function registerPartnerRoutes(app: FastifyInstance, deps: PartnerRoutesDeps): void {
  const runs: Record<keyof typeof partnerMethodVerbs, (body: unknown) => Promise<unknown>> = {
    createInstance: (body) => createInstance(deps.instances, body),
    getInstances: async () => (await deps.instances.list()).map(describeInstance),
    deleteInstanceAccount: (body) => deleteInstance(deps.instances, body),
    updateInstanceName: (body) => renameInstance(deps.instances, body),
  };
  const methods = Object.fromEntries(
    Object.entries(partnerMethodVerbs).map(([name, verb]) => [name.toLowerCase(), { verb, run: runs[name as keyof typeof runs] }]),
  );

  app.route({
    method: ['GET', 'POST', 'DELETE'],
    url: '/partner/:method/:token',
    async handler(request: FastifyRequest<{ Params: PartnerParams }>, reply: FastifyReply) {
      if (!secretsEqual(request.params.token, deps.partnerToken)) {
        return reply.code(401).send({ code: 401, description: 'the partner token is wrong' });
      }
      const method = methods[request.params.method.toLowerCase()];
      if (!method) return { code: 404, description: `there is no partner method '${request.params.method}'` };
      if (request.method !== method.verb) {
        return { code: 405, description: `${request.params.method} is called with ${method.verb}` };
      }
      try {
        return await method.run(request.body);
      } catch (error) {
        if (!isWaypostError(error)) throw error;
        return { code: httpStatusOf[error.code], description: error.message };
      }
    },
  });
}

async function createInstance(instances: InstanceService, body: unknown) {
  const fields = asJsonObject(body);
  const { name, ...settings } = fields;
  const instance = await instances.create({ name, settings });
  return { idInstance: instance.idInstance, apiTokenInstance: instance.apiToken, typeInstance: 'whatsapp' };
}

async function deleteInstance(instances: InstanceService, body: unknown) {
  const id = requireIdInstance(asJsonObject(body));
  if (!(await instances.delete(id))) return { code: 404, description: `instance ${id} does not exist` };
  return { deleteInstanceAccount: true };
}

/** Waypost's own: GREEN-API names an instance only when creating it. */
async function renameInstance(instances: InstanceService, body: unknown) {
  const fields = asJsonObject(body);
  const id = requireIdInstance(fields);
  await instances.rename(id, fields.name);
  return { updateInstanceName: true };
}

function requireIdInstance({ idInstance }: Record<string, unknown>): number {
  const id = typeof idInstance === 'string' && /^\d{1,10}$/.test(idInstance) ? Number(idInstance) : idInstance;
  if (typeof id !== 'number' || !Number.isSafeInteger(id)) throw validationError("'idInstance' must be an integer");
  return id;
}

export function describeInstance(instance: Instance) {
  return {
    idInstance: instance.idInstance,
    name: instance.name,
    typeInstance: 'whatsapp',
    typeAccount: 'waypost',
    timeCreated: formatTime(instance.createdAt),
    timeDeleted: instance.deletedAt === null ? '' : formatTime(instance.deletedAt),
    apiTokenInstance: instance.apiToken,
    deleted: instance.deletedAt !== null,
    stateInstance: instance.state,
    wid: instance.wid ?? '',
    // GREEN-API's billing fields, as the v2 SDK's PartnerInstance type has them: a self-hosted instance is
    // the partner's own, free, and never expires.
    tariff: 'self-hosted',
    isFree: true,
    isPartner: true,
    expirationDate: '',
    isExpired: false,
  };
}

function formatTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
}
