import { describe, expect, it } from 'vitest';
import {
  answerFileReferenceBody,
  InvalidAnswerFileReferenceError,
  parseAnswerFileReference,
  type AnswerFileReference,
} from '#shared/storage/sqs/answer-file-reference';
import { inboundArchiveKey } from '#shared/storage/s3/archive-keys';

const sha256 = 'a'.repeat(64);
const reference: AnswerFileReference = {
  tenantId: 'ten_1',
  connectionId: 'con_1',
  s3Key: inboundArchiveKey('ten_1', 'con_1', new Date('2025-03-04T05:06:07Z'), sha256),
  sha256,
  receivedAt: '2025-03-04T05:06:07.000Z',
  fileName: '999_000000001.x12',
};

describe('answer file reference', () => {
  it('round-trips through the message body', () => {
    expect(parseAnswerFileReference(answerFileReferenceBody(reference))).toEqual(reference);
  });

  it('archives under inbound/ by tenant, connection, day and hash', () => {
    expect(reference.s3Key).toBe(`inbound/ten_1/con_1/2025-03-04/${sha256}.x12`);
  });

  it('refuses a body that is not JSON without echoing it', () => {
    const parse = () => parseAnswerFileReference('ISA*00*secret');
    expect(parse).toThrow(InvalidAnswerFileReferenceError);
    expect(parse).not.toThrow(/secret/);
  });

  it('names every bad field, never its value', () => {
    try {
      parseAnswerFileReference(
        JSON.stringify({ ...reference, s3Key: 'outbound/x', sha256: 'NOPE', tenantId: '' }),
      );
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidAnswerFileReferenceError);
      const problems = (error as InvalidAnswerFileReferenceError).problems.join(' ');
      expect(problems).toMatch(/s3Key/);
      expect(problems).toMatch(/sha256/);
      expect(problems).toMatch(/tenantId/);
      expect(problems).not.toMatch(/NOPE|outbound\/x/);
    }
  });

  it('refuses to write a reference without a received time', () => {
    expect(() => answerFileReferenceBody({ ...reference, receivedAt: 'yesterday' })).toThrow(
      InvalidAnswerFileReferenceError,
    );
  });
});
