// Fetches a file to send from its URL (sendFileByUrl), within a size limit and a time limit. A failure is
// a FileUnavailable with the reason in words: the message then ends as failed with that description.

export class FileUnavailable extends Error {
  override readonly name = 'FileUnavailable';
}

export interface FetchedFile {
  bytes: Buffer;
  /** The server's Content-Type, if it gave one. */
  contentType: string | null;
}

export interface FetchLimits {
  maxBytes: number;
  timeoutMs: number;
}

export async function fetchFile(url: string, limits: FetchLimits): Promise<FetchedFile> {
  const where = `the file at ${describeUrl(url)}`;
  const signal = AbortSignal.timeout(limits.timeoutMs);
  let response: Response;
  try {
    response = await fetch(url, { signal, redirect: 'follow' });
  } catch (error) {
    throw new FileUnavailable(`${where} could not be fetched: ${reasonOf(error, limits)}`);
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => {});
    throw new FileUnavailable(`${where} could not be fetched: the server answered HTTP ${response.status}`);
  }
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > limits.maxBytes) {
    await response.body?.cancel().catch(() => {});
    throw new FileUnavailable(`${where} is larger than the limit of ${formatBytes(limits.maxBytes)}`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of response.body ?? []) {
      size += chunk.length;
      if (size > limits.maxBytes) {
        await response.body?.cancel().catch(() => {});
        throw new FileUnavailable(`${where} is larger than the limit of ${formatBytes(limits.maxBytes)}`);
      }
      chunks.push(Buffer.from(chunk));
    }
  } catch (error) {
    if (error instanceof FileUnavailable) throw error;
    throw new FileUnavailable(`${where} could not be read to its end: ${reasonOf(error, limits)}`);
  }
  return { bytes: Buffer.concat(chunks, size), contentType: response.headers.get('content-type') };
}

/** The URL without its query: a signed link's signature is a secret of its own. */
function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return 'that URL';
  }
}

function reasonOf(error: unknown, limits: FetchLimits): string {
  const e = error as Error & { cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return `no answer within ${Math.round(limits.timeoutMs / 1000)} s`;
  const code = e.cause?.code;
  if (code === 'ECONNREFUSED') return 'the connection was refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'the host name was not found';
  return e.cause?.message ?? e.message;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
  return bytes >= 1024 ? `${Math.ceil(bytes / 1024)} KB` : `${bytes} bytes`;
}
