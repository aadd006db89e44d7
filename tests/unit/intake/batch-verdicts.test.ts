import { describe, expect, it } from 'vitest';
import { judgeSet, x12Path } from '#shared/intake/batch-verdicts';
import { tolerant837Parsers } from '#shared/x12/acknowledge-837';
import { inboundLayout } from '#shared/x12/inbound-layout';
import type { Claims837 } from '#shared/x12/parse-837';
import { parseX12 } from '#shared/x12/parse-document';
import { batchClaim, batchFile, invalidBatchClaim } from '../../support/claim-batches.ts';

const now = new Date();

/** The first set of a file, as batch intake reads it, with its layout. */
function firstSet(file: string) {
  const set = parseX12(file, { parsers: tolerant837Parsers }).interchanges[0]?.groups[0]
    ?.transactions[0] as Claims837;
  const layout = inboundLayout(file).interchanges[0]?.groups[0]?.sets[0];
  return { set, layout };
}

/** Inserts a segment right after the first CLM and recounts SE01 of the first set. */
function withSegmentAfterClm(file: string, segment: string): string {
  return file
    .replace(/(CLM\*[^~]*~)/, `$1${segment}~`)
    .replace(/SE\*(\d+)\*0001/, (_match, count: string) => `SE*${Number(count) + 1}*0001`);
}

describe('judgeSet', () => {
  it('keeps a claim that passes every edit, ready to store, with no problem for the 999', () => {
    const { set, layout } = firstSet(batchFile([batchClaim('PCN-OK')]));

    const { problems, result } = judgeSet(set, layout, now);

    expect(problems).toEqual([]);
    expect(result).toEqual([
      expect.objectContaining({
        kind: 'professional',
        patientControlNumber: 'PCN-OK',
        segmentPosition: 18,
        errors: [],
      }),
    ]);
    expect(result[0]?.claim).not.toBeNull();
  });

  it('refuses a claim that fails an edit with its JSON path, and answers an IK3 at its CLM with CTX CLM01', () => {
    const { set, layout } = firstSet(batchFile([invalidBatchClaim('PCN-BAD')]));

    const { problems, result } = judgeSet(set, layout, now);

    expect(result[0]?.claim).toBeNull();
    expect(result[0]?.errors).toEqual([
      expect.objectContaining({ path: 'billing.npi', code: 'INVALID_NPI' }),
    ]);
    expect(problems).toEqual([
      {
        segmentId: 'CLM',
        position: 18,
        loopId: '2300',
        code: '8',
        businessUnit: { name: 'CLM01', reference: 'PCN-BAD' },
      },
    ]);
  });

  it('refuses a claim with a segment our claim shape cannot carry, naming where and never a value', () => {
    const { set, layout } = firstSet(
      withSegmentAfterClm(batchFile([batchClaim('PCN-CN1')]), 'CN1*02*100'),
    );

    const { problems, result } = judgeSet(set, layout, now);

    expect(result[0]?.claim).toBeNull();
    expect(result[0]?.errors).toEqual([
      {
        path: 'segments[21].CN1',
        code: 'UNSUPPORTED_SEGMENT',
        message: expect.stringContaining('loop 2300') as unknown,
      },
    ]);
    expect(problems).toEqual([{ segmentId: 'CN1', position: 19, loopId: '2300', code: '2' }]);
  });

  it('leaves out of CTX a patient control number the 999 could not echo', () => {
    const { set, layout } = firstSet(batchFile([invalidBatchClaim('PCN#1&2')]));

    const { problems } = judgeSet(set, layout, now);

    expect(problems[0]?.businessUnit).toBeUndefined();
  });
});

describe('x12Path', () => {
  it.each([
    [12, 'CLM', undefined, 'segments[12].CLM'],
    [12, 'CLM', 0, 'segments[12].CLM'],
    [3, 'HL', 3, 'segments[3].HL03'],
    [30, 'SV1', 12, 'segments[30].SV112'],
  ] as const)('names segment %i %s element %s as %s', (ordinal, id, element, expected) => {
    expect(x12Path(ordinal, id, element)).toBe(expected);
  });
});
