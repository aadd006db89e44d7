import { describe, expect, it } from 'vitest';
import { MAX_BATCH_CLAIMS, overallVerdict, readBatchFile } from '#shared/intake/batch-intake';
import { batchClaim, batchFile } from '../../support/claim-batches.ts';

describe('readBatchFile', () => {
  it('reads a sound file into its interchanges and their layouts', () => {
    const outcome = readBatchFile(batchFile([batchClaim('PCN-1'), batchClaim('PCN-2')]));

    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.interchanges).toHaveLength(1);
    expect(outcome.interchanges[0]?.layout.groups[0]?.sets).toHaveLength(2);
  });

  it(`refuses more than ${MAX_BATCH_CLAIMS} claims before parsing any`, () => {
    const claims = Array.from({ length: MAX_BATCH_CLAIMS + 1 }, (_unused, index) =>
      batchClaim(`PCN-${index}`),
    );

    const outcome = readBatchFile(batchFile(claims));

    expect(outcome).toEqual({
      ok: false,
      problem: { code: 'TOO_MANY_CLAIMS', message: expect.stringContaining('5001') as unknown },
      counts: {
        transactionSets: { received: 5001, accepted: 0, rejected: 5001 },
        claims: { received: 5001, accepted: 0, rejected: 5001 },
      },
    });
  });

  it('refuses a file that is no X12 with the reader’s code and location', () => {
    expect(readBatchFile('hello, this is not X12')).toMatchObject({
      ok: false,
      problem: expect.objectContaining({
        code: 'NO_ISA',
        segment: expect.any(Number) as unknown,
      }) as unknown,
    });
  });

  it('refuses an interchange whose IEA control number differs from ISA13', () => {
    const file = batchFile([batchClaim('PCN-1')]).replace(/IEA\*1\*\d+/, 'IEA*1*000000777');

    expect(readBatchFile(file)).toMatchObject({
      ok: false,
      problem: expect.objectContaining({
        code: 'CONTROL_NUMBER_MISMATCH',
        segmentId: 'IEA',
      }) as unknown,
    });
  });

  it('refuses an interchange without a transaction set', () => {
    const file = batchFile([batchClaim('PCN-1')]);
    const envelopeOnly = file.slice(0, file.indexOf('GS*')) + file.slice(file.indexOf('IEA*'));

    expect(readBatchFile(envelopeOnly.replace(/IEA\*1\*/, 'IEA*0*'))).toMatchObject({
      ok: false,
      problem: expect.objectContaining({ code: 'NO_TRANSACTION_SETS' }) as unknown,
    });
  });
});

describe('overallVerdict', () => {
  const group = (acknowledgment: 'A' | 'E' | 'P' | 'R', included: number, accepted: number) => ({
    acknowledgment,
    included,
    accepted,
  });

  it.each([
    ['A', [group('A', 2, 2), group('A', 1, 1)]],
    ['E', [group('A', 2, 2), group('E', 1, 1)]],
    ['P', [group('A', 2, 2), group('R', 1, 0)]],
    ['P', [group('P', 3, 1)]],
    ['R', [group('R', 2, 0), group('R', 1, 0)]],
  ] as const)('is %s over %j', (expected, groups) => {
    expect(overallVerdict(groups)).toBe(expected);
  });
});
