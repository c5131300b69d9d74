// How the page talks to the gateway: the public instance API (with the token getInstances gave), the
// partner API through the console's session, the sandbox's control API, and the live feed.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface InstanceInfo {
  idInstance: number;
  name: string;
  apiTokenInstance: string;
  stateInstance: string;
  deleted: boolean;
  wid: string;
}

export type FeedEvent =
  | { kind: 'state'; idInstance: number; state: string }
  | { kind: 'qr'; idInstance: number }
  | { kind: 'notification'; idInstance: number; typeWebhook: string; body: any };

async function call(url: string, init: { method?: string; body?: unknown } = {}): Promise<any> {
  const response = await fetch(url, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: { 'content-type': 'application/json', 'x-waypost-console': '1' },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    credentials: 'same-origin',
  });
  const text = await response.text();
  const body = text ? JSON.parse(text) : null;
  if (!response.ok) throw new ApiError(response.status, body?.message ?? `HTTP ${response.status}`);
  // The partner API answers its errors as HTTP 200 {code, description}, as GREEN-API does.
  if (body && typeof body === 'object' && 'code' in body && 'description' in body) throw new ApiError(body.code, body.description);
  return body;
}

export const consoleApi = {
  session: () => call('/console/api/session'),
  signIn: (partnerToken: string) => call('/console/api/sign-in', { body: { partnerToken } }),
  signOut: () => call('/console/api/sign-out', { method: 'POST' }),
  instances: async (): Promise<InstanceInfo[]> => ((await call('/console/api/partner/getInstances')) as InstanceInfo[]).filter((i) => !i.deleted),
  createInstance: (body: Record<string, unknown>) => call('/console/api/partner/createInstance', { body }),
  deleteInstance: (idInstance: number) => call('/console/api/partner/deleteInstanceAccount', { body: { idInstance } }),
  renameInstance: (idInstance: number, name: string) => call('/console/api/partner/updateInstanceName', { body: { idInstance, name } }),
};

/** An instance method, exactly as a bot calls it. */
export function instanceCall(instance: InstanceInfo, method: string, options: { verb?: string; body?: unknown; query?: string } = {}): Promise<any> {
  return call(`/waInstance${instance.idInstance}/${method}/${instance.apiTokenInstance}${options.query ?? ''}`, {
    ...(options.verb ? { method: options.verb } : {}),
    ...(options.body !== undefined ? { body: options.body } : {}),
  });
}

export const sandboxApi = {
  messages: (phone: string) => call(`/sandbox/phones/${phone}/messages`),
  sent: (phone: string) => call(`/sandbox/phones/${phone}/sent`),
  tap: (phone: string, idMessage: string, buttonId: string) => call(`/sandbox/phones/${phone}/tap`, { body: { idMessage, buttonId } }),
  send: (phone: string, to: string, text: string) => call(`/sandbox/phones/${phone}/send`, { body: { to, text } }),
  linkByCode: (phone: string, code: string) => call('/sandbox/link', { body: { phone, code } }),
};

/** The live feed; reconnects by itself (EventSource does). */
export function subscribeFeed(onEvent: (event: FeedEvent) => void): () => void {
  const source = new EventSource('/console/api/events');
  source.onmessage = (message) => onEvent(JSON.parse(message.data) as FeedEvent);
  return () => source.close();
}
