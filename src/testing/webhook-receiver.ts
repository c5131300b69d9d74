// A real HTTP server standing in for a bot's webhook endpoint: records every delivery and answers as the
// test says (a status, or no answer at all).

import { createServer, type IncomingHttpHeaders } from 'node:http';

export interface Delivery {
  headers: IncomingHttpHeaders;
  rawBody: string;
  body: any;
  answered: number | 'no answer';
}

export async function startWebhookReceiver(answer: (delivery: Omit<Delivery, 'answered'>) => number | 'no answer') {
  const deliveries: Delivery[] = [];
  const server = createServer((request, response) => {
    let rawBody = '';
    request.on('data', (chunk) => (rawBody += chunk));
    request.on('end', () => {
      const received = { headers: request.headers, rawBody, body: JSON.parse(rawBody) };
      const status = answer(received);
      deliveries.push({ ...received, answered: status });
      if (status === 'no answer') return; // the gateway's timeout must give up on it
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/hook`,
    deliveries,
    /** The deliveries the receiver took (answered 2xx), in the order they came. */
    accepted: () => deliveries.filter((d) => typeof d.answered === 'number' && d.answered < 300),
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
