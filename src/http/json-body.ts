// Request bodies are JSON whatever their Content-Type says: curl users often forget the header.

/** A request body as JSON (an empty one is no body); a 400 when it is not JSON. */
export function parseJsonBody(body: string): unknown {
  const text = body.trim();
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw Object.assign(new Error('request body is not valid JSON'), { statusCode: 400 });
  }
}
