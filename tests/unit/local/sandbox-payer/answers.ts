// Test helper: runs the answer engine on an 837 and reads every answer file back.
import {
  counterFrom,
  planAnswers,
  type AnswerFile,
} from '#infra/local/sandbox-payer/answer-engine';
import type { Acknowledgment999 } from '#shared/x12/parse-999';
import type { ClaimAcknowledgment277 } from '#shared/x12/parse-277ca';
import { parseX12 } from '#shared/x12/parse-document';
import type { Ta1 } from '#shared/x12/parse-ta1';
import type { Remittance835 } from '#shared/x12/remittance-835';
import { RECEIVED_AT } from './inbound-837.ts';

export const STEP_SECONDS = 2;

export function answersTo(content: string, fileName = 'sbx-20250320-000000101.837'): AnswerFile[] {
  return planAnswers({
    fileName,
    content,
    receivedAt: RECEIVED_AT,
    ids: counterFrom(1),
    stepSeconds: STEP_SECONDS,
  });
}

export type Kind = 'ta1' | '999' | '277' | '835';

export function kindOf(file: AnswerFile): Kind {
  return file.fileName.slice(file.fileName.lastIndexOf('.') + 1) as Kind;
}

/** Parses in strict mode and fails on any envelope warning. */
export function strictTransactions(file: AnswerFile): unknown[] {
  const document = parseX12(file.content, { strict: true });
  const warnings = [...document.warnings, ...document.interchanges.flatMap((i) => i.warnings)];
  if (warnings.length > 0) throw new Error(`${file.fileName} has envelope warnings`);
  return document.interchanges.flatMap((interchange) =>
    interchange.groups.flatMap((group) => group.transactions),
  );
}

export function ta1s(files: readonly AnswerFile[]): Ta1[] {
  return files.filter((f) => kindOf(f) === 'ta1').flatMap((f) => strictTransactions(f) as Ta1[]);
}

export function acks999(files: readonly AnswerFile[]): Acknowledgment999[] {
  return files
    .filter((f) => kindOf(f) === '999')
    .flatMap((f) => strictTransactions(f) as Acknowledgment999[]);
}

export function acks277(files: readonly AnswerFile[]): ClaimAcknowledgment277[] {
  return files
    .filter((f) => kindOf(f) === '277')
    .flatMap((f) => strictTransactions(f) as ClaimAcknowledgment277[]);
}

export function remits(files: readonly AnswerFile[]): Remittance835[] {
  return files
    .filter((f) => kindOf(f) === '835')
    .flatMap((f) => strictTransactions(f) as Remittance835[]);
}
