// The Idempotency-Key header of the routes that create something (IETF Idempotency-Key draft):
// its shape, and the answers Powertools Idempotency's refusals become (409 with Retry-After while
// the first request is in flight, 422 for a key reused with another body). Keys live 24 hours.
import {
  IdempotencyAlreadyInProgressError,
  IdempotencyValidationError,
} from '@aws-lambda-powertools/idempotency';
import type { HttpRequest } from './http.ts';
import { problems, type HttpProblem } from './problem.ts';

/** Idempotency keys are kept 24 hours (docs/ARCHITECTURE.md section 4). */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/** The request's Idempotency-Key, undefined when absent; 400 when malformed. */
export function idempotencyKeyOf(request: HttpRequest): string | undefined {
  const key = request.headers['idempotency-key'];
  if (key === undefined || IDEMPOTENCY_KEY.test(key)) return key;
  throw problems.validation([
    {
      path: 'headers.Idempotency-Key',
      code: 'INVALID_IDEMPOTENCY_KEY',
      message: 'Idempotency-Key must be 1 to 255 visible ASCII characters',
    },
  ]);
}

/** The answer to a refusal of Powertools Idempotency, or undefined for any other error. */
export function idempotencyProblem(error: unknown): HttpProblem | undefined {
  if (error instanceof IdempotencyAlreadyInProgressError) return problems.conflictInFlight(1);
  if (error instanceof IdempotencyValidationError) return problems.idempotencyKeyReused();
  return undefined;
}
