// WhatsApp's media servers, faked on a loopback HTTP server: uploads are kept (encrypted, as sent) and
// served back at their URL, so tests download and decrypt them with baileys' own helpers.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export class FakeWaMedia {
  private readonly files = new Map<string, Buffer>();
  private server: Server | null = null;
  private origin: Promise<string> | null = null;

  /** Keeps the bytes at the path and answers their URL (the server starts on first use). */
  async put(path: string, bytes: Buffer): Promise<string> {
    this.files.set(path, bytes);
    return `${await this.start()}${path}`;
  }

  /** The bytes kept at a URL or path. */
  get(urlOrPath: string): Buffer | undefined {
    return this.files.get(urlOrPath.startsWith('http') ? new URL(urlOrPath).pathname : urlOrPath);
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    this.origin = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private start(): Promise<string> {
    this.origin ??= new Promise((resolve) => {
      this.server = createServer((request, response) => {
        const bytes = this.files.get(request.url ?? '');
        if (!bytes) return void response.writeHead(404).end();
        response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(bytes);
      });
      this.server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`));
    });
    return this.origin;
  }
}
