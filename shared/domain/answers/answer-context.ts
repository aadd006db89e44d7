// What deciding an answer needs besides the answer: the file's tenant, its hash (answer ids),
// where to find the interchanges we sent and the claims.
import type { ClaimDirectory, InterchangeLookup } from './match-claims.ts';

export interface AnswerContext {
  readonly tenantId: string;
  readonly contentSha256: string;
  readonly interchanges: InterchangeLookup;
  readonly claims: ClaimDirectory;
}

/**
 * The id of one answer inside a file: 16 hex digits of the file hash (64 bits: a collision
 * would need billions of files per claim) and the answer's place in the file.
 */
export function answerIdOf(context: AnswerContext, ...place: (string | number)[]): string {
  return [context.contentSha256.slice(0, 16), ...place].join(':');
}
