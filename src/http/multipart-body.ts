// A multipart/form-data body (sendFileByUpload), read from its bytes: its text fields, and its one file.
// Every refusal is a 400 naming what is wrong with the form.

import { Busboy } from '@fastify/busboy';
import { validationError } from '../core/errors.js';

export interface MultipartBody {
  fields: Record<string, string>;
  file: { field: string; fileName: string; mimeType: string; bytes: Buffer } | null;
}

export function parseMultipart(contentType: string | undefined, body: Buffer): Promise<MultipartBody> {
  if (!contentType || !/^multipart\/form-data\b/i.test(contentType)) {
    return Promise.reject(validationError('the body must be multipart/form-data (a form with the file in its \'file\' field)'));
  }
  if (!/boundary=/i.test(contentType)) return Promise.reject(validationError('the multipart Content-Type has no boundary'));
  return new Promise((resolve, reject) => {
    const fields: Record<string, string> = {};
    let file: MultipartBody['file'] = null;
    let refused: Error | null = null;
    const refuse = (message: string) => {
      refused ??= validationError(message);
    };
    let parser;
    try {
      parser = Busboy({ headers: { 'content-type': contentType }, limits: { files: 1, fields: 20, fieldSize: 64 * 1024 } });
    } catch (error) {
      return reject(validationError(`the multipart body cannot be read: ${(error as Error).message}`));
    }
    parser.on('field', (name, value, _nameTruncated, valueTruncated) => {
      if (valueTruncated) refuse(`the form field '${name}' is too long`);
      fields[name] = value;
    });
    parser.on('file', (field, stream, fileName, _encoding, mimeType) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', (error) => reject(validationError(`the multipart body cannot be read: ${error.message}`)));
      stream.on('end', () => {
        file = { field, fileName, mimeType, bytes: Buffer.concat(chunks) };
      });
    });
    parser.on('filesLimit', () => refuse('the form carries more than one file: send one per message'));
    parser.on('fieldsLimit', () => refuse('the form carries too many fields'));
    parser.on('error', (error) => reject(validationError(`the multipart body cannot be read: ${(error as Error).message}`)));
    parser.on('finish', () => (refused ? reject(refused) : resolve({ fields, file })));
    parser.end(body);
  });
}
