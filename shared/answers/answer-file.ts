// Reads a payer answer file (TA1, 999, 277CA, 835; several interchanges may be concatenated) to
// typed transactions, or throws MalformedAnswerError. The whole file is checked before anything
// is applied, so a truncated file never leaves half its claims applied. 835 claims are not held
// in this first pass (only each set's summary); `forEach835Claim` streams them afterwards, so a
// big remittance needs memory for one claim at a time, not for all of them.
import { createHash } from 'node:crypto';
import { X12Error } from '#shared/x12/errors';
import { defaultParsers, parseX12 } from '#shared/x12/parse-document';
import { create277caParser, type ClaimAcknowledgment277 } from '#shared/x12/parse-277ca';
import { parse835Stream, summary835Parser } from '#shared/x12/parse-835';
import { create999Parser, type Acknowledgment999 } from '#shared/x12/parse-999';
import type { Ta1 } from '#shared/x12/parse-ta1';
import type {
  Claim835,
  Remittance835Header,
  Remittance835Summary,
} from '#shared/x12/remittance-835';
import type { AnswerDocument } from '#shared/domain/answers/answer-records';
import type { AnswerEnvelope } from '#shared/domain/answers/answer-envelope';
import type { AnswerFileProblem } from '#shared/storage/dynamodb/answer-repository';

interface TransactionBase {
  /** 1-based position of the transaction (TA1 or ST set) in the file */
  readonly ordinal: number;
  readonly envelope: AnswerEnvelope;
}

export type AnswerTransaction =
  | (TransactionBase & { readonly document: 'TA1'; readonly ta1: Ta1 })
  | (TransactionBase & { readonly document: '999'; readonly acknowledgment: Acknowledgment999 })
  | (TransactionBase & {
      readonly document: '277CA';
      readonly acknowledgment: ClaimAcknowledgment277;
    })
  | (TransactionBase & { readonly document: '835'; readonly remittance: Remittance835Summary });

export interface AnswerFile {
  /** SHA-256 of the bytes, hex */
  readonly contentSha256: string;
  readonly transactions: readonly AnswerTransaction[];
  readonly documents: readonly AnswerDocument[];
  /** tolerated envelope defects (counts, control numbers), by count only */
  readonly warningCount: number;
  /** 835 sets whose money does not balance (applied, and flagged) */
  readonly unbalanced835Count: number;
}

/** The file cannot be read as payer answers; it is parked (archived and recorded), never applied. */
export class MalformedAnswerError extends Error {
  readonly problem: AnswerFileProblem;
  constructor(problem: AnswerFileProblem, options?: ErrorOptions) {
    super(`malformed answer file: ${problem.code} at segment ${problem.segment}`, options);
    this.name = 'MalformedAnswerError';
    this.problem = problem;
  }
}

/** An 835 parser that checks the whole set but keeps no claims (the first pass). */
const summary835 = summary835Parser(() => undefined);

const answerParsers = {
  '999': create999Parser,
  '277': create277caParser,
  '835': summary835,
};

export function contentHash(content: Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

/** Reads and checks a whole answer file; anything but TA1/999/277/835 makes it malformed. */
export function readAnswerFile(content: Uint8Array): AnswerFile {
  let document;
  try {
    document = parseX12(content, { parsers: answerParsers, requireParser: true });
  } catch (error) {
    throw toMalformed(error);
  }
  const transactions: AnswerTransaction[] = [];
  let warningCount = document.warnings.length;
  for (const interchange of document.interchanges) {
    warningCount += interchange.warnings.length;
    const base = { senderId: interchange.senderId, receiverId: interchange.receiverId };
    for (const group of interchange.groups) {
      const envelope: AnswerEnvelope = {
        ...base,
        controlNumber: interchange.controlNumber,
        groupControlNumber: group.controlNumber,
      };
      for (const transaction of group.transactions) {
        const ordinal = transactions.length + 1;
        transactions.push(typed(transaction, ordinal, envelope));
      }
    }
  }
  const documents = [...new Set(transactions.map((transaction) => transaction.document))];
  const unbalanced835Count = transactions.filter(
    (transaction) => transaction.document === '835' && !transaction.remittance.balance.balanced,
  ).length;
  return {
    contentSha256: contentHash(content),
    transactions,
    documents,
    warningCount,
    unbalanced835Count,
  };
}

function typed(transaction: unknown, ordinal: number, envelope: AnswerEnvelope): AnswerTransaction {
  const value = transaction as { type: string };
  switch (value.type) {
    case 'TA1':
      return { ordinal, envelope, document: 'TA1', ta1: value as Ta1 };
    case '999':
      return { ordinal, envelope, document: '999', acknowledgment: value as Acknowledgment999 };
    case '277':
      return {
        ordinal,
        envelope,
        document: '277CA',
        acknowledgment: value as ClaimAcknowledgment277,
      };
    case '835':
      return { ordinal, envelope, document: '835', remittance: value as Remittance835Summary };
    default:
      // requireParser makes any other ST01 an X12Error first; kept for exhaustiveness
      throw new MalformedAnswerError({
        code: 'UNSUPPORTED_TRANSACTION',
        segment: 0,
        segmentId: 'ST',
        position: 1,
        message: 'not a payer answer transaction',
      });
  }
}

/**
 * Hands every 835 claim of an already checked file to `onClaim`, in file order, with its
 * 1-based ordinal among the file's 835 claims. Streams when the file holds 835s only; a file
 * that mixes 835s with other answers (rare) is parsed whole.
 */
export async function forEach835Claim(
  content: Uint8Array,
  file: AnswerFile,
  onClaim: (claim: Claim835, header: Remittance835Header, ordinal: number) => Promise<void>,
): Promise<void> {
  let ordinal = 0;
  try {
    if (file.documents.every((document) => document === '835')) {
      await parse835Stream([content], (claim, header) => onClaim(claim, header, ++ordinal));
      return;
    }
    const whole = parseX12(content, { parsers: defaultParsers });
    for (const interchange of whole.interchanges) {
      for (const group of interchange.groups) {
        for (const transaction of group.transactions) {
          const remittance = transaction as {
            type: string;
            claims?: readonly Claim835[];
          } & Remittance835Header;
          if (remittance.type !== '835') continue;
          for (const claim of remittance.claims ?? []) {
            await onClaim(claim, remittance, ++ordinal);
          }
        }
      }
    }
  } catch (error) {
    // the first pass read the same bytes without error; anything else is a bug, not a bad file
    if (error instanceof X12Error) throw toMalformed(error);
    throw error;
  }
}

function toMalformed(error: unknown): unknown {
  if (!(error instanceof X12Error)) return error;
  return new MalformedAnswerError(
    {
      code: error.code,
      segment: error.segment,
      segmentId: error.segmentId,
      position: error.position,
      message: error.message,
    },
    { cause: error },
  );
}
