// The response queue's message: one payer answer file the poller archived to S3 (docs/ARCHITECTURE.md section 2).
// It names the file, never its content, so no PHI rides on the queue. The poller writes it
// (`answerFileReferenceBody`), the process-response function reads it (`parseAnswerFileReference`).
import * as z from 'zod/mini';
import { INBOUND_ARCHIVE_PREFIX } from '#shared/storage/s3/archive-keys';

const identifier = z.string().check(z.minLength(1), z.maxLength(200));

export const answerFileReferenceSchema = z.object({
  tenantId: identifier,
  /** the payer connection whose inbound mailbox held the file */
  connectionId: identifier,
  /** archive bucket key of the raw bytes (under INBOUND_ARCHIVE_PREFIX) */
  s3Key: z
    .string()
    .check(
      z.minLength(INBOUND_ARCHIVE_PREFIX.length + 1),
      z.maxLength(1024),
      z.startsWith(INBOUND_ARCHIVE_PREFIX),
    ),
  /** SHA-256 of the raw bytes, lowercase hex */
  sha256: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
  /** when the poller picked the file up, ISO 8601 with offset */
  receivedAt: z.iso.datetime({ offset: true }),
  /** the file's name in the payer's mailbox (one path segment; for tracing back to the payer) */
  fileName: z.string().check(z.minLength(1), z.maxLength(255)),
});

export type AnswerFileReference = z.infer<typeof answerFileReferenceSchema>;

export class InvalidAnswerFileReferenceError extends Error {
  /** field paths and issue codes only: a body is never echoed (it could hold anything) */
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`not an answer file reference: ${problems.join('; ')}`);
    this.name = 'InvalidAnswerFileReferenceError';
    this.problems = problems;
  }
}

/** Reads a response-queue message body; throws InvalidAnswerFileReferenceError when it is not one. */
export function parseAnswerFileReference(body: string): AnswerFileReference {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new InvalidAnswerFileReferenceError(['body: not JSON']);
  }
  const result = answerFileReferenceSchema.safeParse(parsed);
  if (result.success) return result.data;
  throw new InvalidAnswerFileReferenceError(
    result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.code}`),
  );
}

/** The message body for a reference (checked, so a bad reference never reaches the queue). */
export function answerFileReferenceBody(reference: AnswerFileReference): string {
  const checked = answerFileReferenceSchema.safeParse(reference);
  if (!checked.success) {
    throw new InvalidAnswerFileReferenceError(
      checked.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.code}`),
    );
  }
  return JSON.stringify(checked.data);
}
