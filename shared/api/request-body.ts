// Reading request bodies: size limit, content type, JSON parsing, each with its own problem.
import type { HttpRequest } from './http.ts';
import { problems } from './problem.ts';

export function requireContentType(request: HttpRequest, expected: readonly string[]): void {
  const contentType =
    (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (!expected.includes(contentType)) throw problems.unsupportedMediaType(expected.join(' or '));
}

export function requireBodyWithin(request: HttpRequest, maxBytes: number): string {
  const body = request.body ?? '';
  if (Buffer.byteLength(body, 'utf8') > maxBytes) throw problems.tooLarge(maxBytes);
  return body;
}

export function parseJsonBody(request: HttpRequest, maxBytes: number): unknown {
  requireContentType(request, ['application/json']);
  const text = requireBodyWithin(request, maxBytes);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw problems.malformedJson();
  }
}
