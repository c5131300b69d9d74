// Keeps secrets out of logs and error bodies: the token segment of instance and partner URLs is replaced.

const instancePath = /^(\/waInstance[^/]*\/[^/]+\/)([^/?#]*)/i;
const partnerPath = /^(\/partner\/[^/]+\/)([^/?#]*)/i;

export function redactPath(url: string): string {
  const path = url.split('?')[0] ?? '';
  const redacted = path.replace(instancePath, (_, head: string, token: string) => head + (token ? '{apiTokenInstance}' : ''));
  return redacted.replace(partnerPath, (_, head: string, token: string) => head + (token ? '{partnerToken}' : ''));
}
