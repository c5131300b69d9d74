// `waypost instance create|list|delete`: the partner API's work, from the command line, on the same
// instance service (with a transport that does not connect: a serving gateway opens the session).

import { pino } from 'pino';
import { createAdminServices } from '../app.js';
import { ConfigError, loadConfig } from '../config/config.js';
import { systemClock } from '../core/clock.js';
import { describeInstance } from '../http/partner-routes.js';

export async function instanceCommand(argv: readonly string[]): Promise<void> {
  const [action, ...rest] = argv;
  const name = action === 'create' ? takeOption(rest, '--name') : undefined;
  const id = action === 'delete' ? rest.shift() : undefined;
  const config = loadConfig(rest);
  const admin = await createAdminServices(config, { clock: systemClock, logger: pino({ level: 'error' }) });
  try {
    if (action === 'create') {
      const instance = await admin.instances.create({ name: name ?? '' });
      print({ idInstance: instance.idInstance, apiTokenInstance: instance.apiToken, typeInstance: 'whatsapp' });
    } else if (action === 'list') {
      print((await admin.instances.list()).map(describeInstance));
    } else if (action === 'delete') {
      if (!id || !/^\d{1,10}$/.test(id)) throw new ConfigError('usage: waypost instance delete <idInstance>');
      if (!(await admin.instances.delete(Number(id)))) throw new ConfigError(`instance ${id} does not exist`);
      print({ deleteInstanceAccount: true });
    } else {
      throw new ConfigError('usage: waypost instance create [--name NAME] | list | delete <idInstance>');
    }
  } finally {
    await admin.close();
  }
}

function takeOption(args: string[], flag: string): string | undefined {
  const at = args.indexOf(flag);
  if (at < 0) return undefined;
  const [, value] = args.splice(at, 2);
  if (value === undefined) throw new ConfigError(`${flag} needs a value`);
  return value;
}

function print(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}
