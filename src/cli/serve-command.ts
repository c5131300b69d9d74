// `waypost serve`: runs the gateway until SIGINT/SIGTERM. On a fresh data directory it creates a first
// instance and prints, once, how to use it.

import { createGateway, type Gateway } from '../app.js';
import type { Config } from '../config/config.js';
import { listenUrlOf, loadConfig } from '../config/config.js';
import { systemClock } from '../core/clock.js';
import { createCliLogger } from './log-output.js';
import type { Instance } from '../instances/instance.js';
import { printLinkQrs } from './terminal-qr.js';

export async function serveCommand(argv: readonly string[]): Promise<void> {
  const config = loadConfig(argv);
  const logger = createCliLogger(config.logLevel);
  const gateway = await createGateway(config, { logger, clock: systemClock });
  // Listen first: requests are answered (sends are queued) while the queue is scanned and the sessions
  // connect in the background.
  await gateway.http.listen({ host: config.host, port: config.port });
  const apiUrl = publicUrl(config, gateway);
  const firstInstance = (await gateway.instances.list()).length === 0 ? await gateway.instances.create({ name: 'first' }) : null;
  process.stdout.write(banner(apiUrl, config, gateway, firstInstance));
  logger.info({ apiUrl, sandbox: config.sandboxUrl ?? 'embedded' }, 'waypost is listening');
  // A first instance on real WhatsApp is linked by scanning the QR it prints here.
  const first = (await gateway.instances.list()).find((i) => i.deletedAt === null);
  if (first?.settings.transport === 'whatsapp-web') printLinkQrs(gateway, first.idInstance, (text) => process.stdout.write(text));
  await gateway.start({ listenUrl: apiUrl });
  logger.info('queue scanned, sessions opening: sending');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    await gateway.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

function publicUrl(config: Config, gateway: Gateway): string {
  const address = gateway.http.server.address();
  return listenUrlOf(config.host, typeof address === 'object' && address ? address.port : config.port);
}

function banner(apiUrl: string, config: Config, gateway: Gateway, first: Instance | null): string {
  const lines = [
    `Waypost is listening on ${apiUrl} (sandbox: ${config.sandboxUrl ?? 'embedded'})`,
    `Console: ${apiUrl}/console (sign in once with this link, valid 15 minutes, or with the partner token):`,
    `  ${apiUrl}/console/sign-in?code=${gateway.consoleSignInCode()}`,
  ];
  if (gateway.partnerToken.generated) {
    lines.push(`Partner token (shown once; kept in ${config.dataDir}/partner-token): ${gateway.partnerToken.value}`);
  }
  if (first) {
    const body = JSON.stringify({
      chatId: '79990000002@c.us',
      message: 'Shall we meet tomorrow?',
      footer: 'Tap a button or type its number',
      buttons: [
        { buttonId: '1', buttonText: 'Yes' },
        { buttonId: '2', buttonText: 'No' },
      ],
    });
    lines.push(
      'Your first instance (shown once; `waypost instance list` shows it again):',
      `  idInstance        ${first.idInstance}`,
      `  apiTokenInstance  ${first.apiToken}`,
      `  apiUrl            ${apiUrl}`,
      'Send a button message (it waits in the queue until a phone is linked):',
      `  curl -s -X POST ${apiUrl}/waInstance${first.idInstance}/sendButtons/${first.apiToken} -H 'Content-Type: application/json' -d '${body}'`,
    );
  }
  return lines.join('\n') + '\n';
}
