// Keeps secrets out of logs and error bodies. In instance and partner URLs the token's segment is
// replaced whatever stands before it (an empty or junk method name too), and any segment that looks
// like a token (32+ hex characters) is replaced wherever it stands, for URLs that put one elsewhere. A
// file link's token is its only key, so it is a secret too.

const looksLikeToken = /^[0-9a-f]{32,}$/i;

export function redactPath(url: string): string {
  const parts = (url.split('?')[0] ?? '').split('/');
  const head = (parts[1] ?? '').toLowerCase();
  if (parts.length > 3 && head.startsWith('wainstance')) parts[3] = '{apiTokenInstance}';
  else if (parts.length > 3 && head === 'partner') parts[3] = '{partnerToken}';
  else if (parts.length > 2 && head === 'files') parts[2] = '{fileToken}';
  return parts.map((part) => (looksLikeToken.test(part) ? '{redacted}' : part)).join('/');
}

/** Whether a value that is about to be echoed could be a misplaced token. */
export function mayBeSecret(value: string): boolean {
  return looksLikeToken.test(value);
}
