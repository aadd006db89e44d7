// The query of a list route: its opaque page cursor (base64url JSON of where the next page
// starts) and the problems a bad cursor or parameter answers.
import type { z } from 'zod';
import { problems, type FieldError, type HttpProblem } from './problem.ts';

export function encodeCursor(position: unknown): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

/** The position a cursor of ours encodes; any other text is an invalid cursor (400). */
export function decodeCursor<T>(text: string, schema: z.ZodType<T>): T {
  try {
    const parsed = schema.safeParse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through: not base64url JSON
  }
  throw invalidCursor();
}

export function invalidCursor(): HttpProblem {
  return problems.badQuery([
    { path: 'query.cursor', code: 'INVALID_CURSOR', message: 'cursor is not one this API issued' },
  ]);
}

/** A query parameter the route's schema refused, as the 400 names it. */
export function queryIssue(issue: z.core.$ZodIssue): FieldError {
  const field = issue.path.join('.');
  return {
    path: `query.${field}`,
    code: 'INVALID_QUERY_PARAMETER',
    message: `${field}: ${issue.message}`,
  };
}
