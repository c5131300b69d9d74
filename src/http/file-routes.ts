// GET /files/{token}/{fileName}: a kept file (uploaded for sending, or received), to anyone holding its
// link. The token is the only key, so the link works in a browser, a bot or WhatsApp's own fetch; the
// name at the end is for people and download dialogs.

import type { FastifyInstance } from 'fastify';
import { WaypostError } from '../core/errors.js';
import type { FileService } from '../files/file-service.js';

export function registerFileRoutes(app: FastifyInstance, files: FileService): void {
  const serve = async (request: { params: { token: string } }, reply: import('fastify').FastifyReply) => {
    const file = await files.find(request.params.token);
    if (!file) throw new WaypostError('not_found', 'no such file (a file is kept for the retention, then dropped)');
    return reply
      .header('content-type', file.mimeType)
      .header('content-length', String(file.bytes.length))
      .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
      .header('x-content-type-options', 'nosniff')
      // A received file is someone's: no shared cache keeps it, and no page it came with may run in our origin.
      .header('cache-control', 'private, max-age=86400')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .send(file.bytes);
  };
  app.get<{ Params: { token: string } }>('/files/:token', serve);
  app.get<{ Params: { token: string; name: string } }>('/files/:token/:name', serve);
}
