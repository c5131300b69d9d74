// Files: uploadFile (raw bytes) and sendFileByUpload (a form) keep the file in the gateway and answer its
// link; sendFileByUrl queues a file that is fetched when the message leaves; downloadFile answers the link
// of a sent or received file.

import { validationError } from '../../core/errors.js';
import type { KeptFile } from '../../files/file-service.js';
import { optionalText, requireObjectBody, requireText, type RequestBody } from '../../messages/send-fields.js';
import { parseSendEnvelope, sendEnvelopeFields } from '../../messages/send-options.js';
import type { MessageContent } from '../../messages/message.js';
import { parseMultipart } from '../multipart-body.js';
import { answer, idMessage, idMessageAnswer, object, sendBody, sendEnvelope, text } from '../openapi/schema-parts.js';
import { chatMessageDoc, requireChatMessage } from './journal-methods.js';
import type { ApiMethod, MethodContext, MethodRequest } from '../api-method.js';

/** GREEN-API's limit on a caption. */
const captionLimit = 20_000;
const fileNameLimit = 255;

const urlFile = { type: 'string', format: 'uri', maxLength: 2048, description: 'Where the file is (http or https)' };
const fileName = text(fileNameLimit, 'The name the recipient sees; its extension decides image, video, audio or document');
const caption = text(captionLimit, 'Text under the file');
const keptUrl = { type: 'string', format: 'uri', description: "The file's link on the gateway (no token needed; kept for the retention)" };

export const uploadFile: ApiMethod = {
  name: 'uploadFile',
  verb: 'POST',
  rawBody: true,
  doc: {
    summary: 'Keep a file in the gateway (the raw bytes as the body, its name in GA-Filename; or a form with the file in `file`) and get its link to send',
    bodyMediaType: 'application/octet-stream',
    body: { type: 'string', contentMediaType: 'application/octet-stream', description: "The file's bytes; Content-Type: the file's type" },
    answer: answer({ urlFile: keptUrl }),
  },
  async handle(request, { instance, files }) {
    const body = requireBytes(request.body);
    const contentType = headerOf(request, 'content-type');
    const header = headerOf(request, 'ga-filename');
    // GREEN-API's v2 SDK sends the file as a form (in its 'file' field): the part's name and type then count.
    const form = contentType && /^multipart\/form-data\b/i.test(contentType) ? await parseMultipart(contentType, body) : null;
    if (form && form.file?.field !== 'file') throw validationError("'file' is required (a form field holding the file)");
    const name = header !== undefined ? decodeHeaderName(header) : form?.file?.fileName || 'file';
    const kept = await files.keep(instance.idInstance, {
      fileName: checkFileName(name, header !== undefined ? "'GA-Filename'" : "the file's name"),
      mimeType: form ? form.file!.mimeType : (contentType ?? null),
      bytes: form ? form.file!.bytes : body,
    });
    return { urlFile: kept.urlFile };
  },
};

export const sendFileByUpload: ApiMethod = {
  name: 'sendFileByUpload',
  verb: 'POST',
  rawBody: true,
  doc: {
    summary: 'Send a file given in a form (multipart/form-data): queued like a message, the file kept in the gateway',
    bodyMediaType: 'multipart/form-data',
    body: object(
      {
        ...sendEnvelope,
        file: { type: 'string', contentMediaType: 'application/octet-stream', description: 'The file' },
        fileName,
        caption,
      },
      ['chatId', 'file'],
    ),
    answer: answer({ idMessage, urlFile: keptUrl }),
  },
  async handle(request, context) {
    const form = await parseMultipart(headerOf(request, 'content-type'), requireBytes(request.body));
    const fields = requireObjectBody(form.fields, [...sendEnvelopeFields, 'fileName', 'caption']);
    const envelope = parseSendEnvelope(formFields(fields));
    if (!form.file) throw validationError("'file' is required (a form field holding the file)");
    if (form.file.field !== 'file') throw validationError(`the file must be in the form field 'file', not '${form.file.field}'`);
    const name = checkFileName(optionalText(fields, 'fileName', fileNameLimit) ?? (form.file.fileName || 'file'), "'fileName'");
    const captionText = optionalText(fields, 'caption', captionLimit);
    const kept = await context.files.keep(context.instance.idInstance, { fileName: name, mimeType: form.file.mimeType, bytes: form.file.bytes });
    const accepted = await acceptFile(context, 'sendFileByUpload', { ...fields, urlFile: kept.urlFile }, envelope, kept, captionText);
    return { ...accepted, urlFile: kept.urlFile };
  },
};

export const sendFileByUrl: ApiMethod = {
  name: 'sendFileByUrl',
  verb: 'POST',
  doc: {
    summary: 'Send a file from a URL: fetched when the message leaves (a fetch failure ends it as failed, with the reason)',
    body: sendBody({ urlFile, fileName, caption }, ['urlFile', 'fileName']),
    example: { chatId: '79001234567@c.us', urlFile: 'https://example.com/menu.pdf', fileName: 'menu.pdf', caption: 'Our menu' },
    answer: idMessageAnswer,
  },
  async handle(request, context) {
    const body = requireObjectBody(request.body, [...sendEnvelopeFields, 'urlFile', 'fileName', 'caption']);
    const envelope = parseSendEnvelope(body);
    const url = requireHttpUrl(body);
    const name = checkFileName(requireText(body, 'fileName', fileNameLimit), "'fileName'");
    return acceptFile(context, 'sendFileByUrl', body, envelope, { urlFile: url, fileName: name }, optionalText(body, 'caption', captionLimit));
  },
};

export const downloadFile: ApiMethod = {
  name: 'downloadFile',
  verb: 'POST',
  doc: {
    summary: 'The link of a received or sent file (no token needed; kept for the retention)',
    ...chatMessageDoc,
    answer: answer({ downloadUrl: { type: 'string', format: 'uri' } }),
  },
  async handle(request, { instance, journal }) {
    const { chatId, idMessage } = requireChatMessage(request.body);
    return { downloadUrl: await journal.fileUrl(instance.idInstance, chatId, idMessage) };
  },
};

function acceptFile(
  { instance, messages }: MethodContext,
  method: 'sendFileByUrl' | 'sendFileByUpload',
  requestBody: RequestBody,
  envelope: ReturnType<typeof parseSendEnvelope>,
  file: Pick<KeptFile, 'urlFile' | 'fileName'>,
  captionText: string | undefined,
) {
  const content: MessageContent = { kind: 'file', text: captionText ?? '', file: { urlFile: file.urlFile, fileName: file.fileName }, ...envelope.content };
  return messages.accept(instance, { method, chatId: envelope.chatId, requestBody, content });
}

function requireHttpUrl(body: RequestBody): string {
  const value = requireText(body, 'urlFile', 2048);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw validationError("'urlFile' must be a URL, like https://example.com/menu.pdf");
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw validationError("'urlFile' must be an http or https URL");
  return value;
}

function checkFileName(name: string, field: string): string {
  if (name.length > fileNameLimit) throw validationError(`${field} must be at most ${fileNameLimit} characters long`);
  if (/[\u0000-\u001f/\\]/.test(name) || name.trim() === '' || name === '.' || name === '..') {
    throw validationError(`${field} must be a file name (no slashes or control characters), like menu.pdf`);
  }
  return name;
}

function requireBytes(body: unknown): Buffer {
  if (!Buffer.isBuffer(body) || body.length === 0) throw validationError('the body is empty: it must carry the file');
  return body;
}

function headerOf(request: MethodRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** A header carries bytes as Latin-1: a UTF-8 name (menü.pdf) arrives mangled unless it was percent-encoded. */
function decodeHeaderName(raw: string): string {
  const utf8 = Buffer.from(raw, 'latin1').toString('utf8');
  const name = utf8.includes('\uFFFD') ? raw : utf8;
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

/** Form fields are text: `archiveChat` "true" and `typingTime` "3000" mean what their JSON would. */
function formFields(fields: RequestBody): RequestBody {
  const typed: RequestBody = { ...fields };
  if (typeof fields.archiveChat === 'string') typed.archiveChat = fields.archiveChat === 'true' ? true : fields.archiveChat === 'false' ? false : fields.archiveChat;
  if (typeof fields.typingTime === 'string' && /^\d+$/.test(fields.typingTime)) typed.typingTime = Number(fields.typingTime);
  return typed;
}
