// The TA1 of a refused upload: which TA105 each interchange defect gets (one case per row of
// TA1_NOTE_CODE_TABLE, each from a real file), which files get none, and what the TA1 says.
import { describe, expect, it } from 'vitest';
import {
  readBatchFile,
  submitBatch,
  type BatchIntakeDependencies,
  type RefusedFile,
} from '#shared/intake/batch-intake';
import type { BatchTa1 } from '#shared/storage/dynamodb/batch-repository';
import { TA1_NOTE_CODE_TABLE, ta1NoteCodeOf } from '#shared/x12/generate-ta1';
import { parseX12 } from '#shared/x12/parse-document';
import { batchClaim, batchFile, CLEARINGHOUSE, SUBMITTER } from '../../support/claim-batches.ts';

const createdAt = new Date('2026-11-22T09:15:00Z');
const file = batchFile([batchClaim('PCN-TA1')], { controlNumber: 4242, createdAt });

/** The file with ISA element `position` replaced (widths are the caller's business). */
function withIsaElement(text: string, position: number, value: string): string {
  const end = text.indexOf('~');
  const elements = text.slice(0, end).split('*');
  elements[position] = value;
  return elements.join('*') + text.slice(end);
}

function refusal(text: string): RefusedFile {
  const read = readBatchFile(text);
  if (read.ok) throw new Error('the file was not refused');
  return read;
}

const cases: readonly (readonly [string, string, string])[] = [
  ['IEA02 differs from ISA13', file.replace(/IEA\*1\*\d+/, 'IEA*1*000000777'), '001'],
  ['IEA01 counts the wrong number of groups', file.replace(/IEA\*1\*/, 'IEA*2*'), '021'],
  ['IEA01 is no number', file.replace(/IEA\*1\*/, 'IEA*X*'), '021'],
  ['ISA05 is not 2 characters', withIsaElement(file, 5, 'Z'), '005'],
  ['ISA06 is not padded to 15', withIsaElement(file, 6, SUBMITTER.id), '006'],
  ['ISA07 is not 2 characters', withIsaElement(file, 7, 'Z'), '007'],
  ['ISA08 is not padded to 15', withIsaElement(file, 8, CLEARINGHOUSE.id), '008'],
  ['ISA09 is not 6 characters', withIsaElement(file, 9, '2611220'), '014'],
  ['ISA13 is not 9 characters', withIsaElement(file, 13, '00004242'), '018'],
  ['ISA09 is no date', withIsaElement(file, 9, '261399'), '014'],
  ['ISA13 is no number', withIsaElement(file, 13, '00000424X'), '018'],
  ['the interchange ends inside a claim', file.slice(0, file.indexOf('CLM*') + 10), '023'],
  ['a set has no SE', file.replace(/SE\*\d+\*0001~/, ''), '022'],
  ['ST01 is empty (anything else: invalid content)', file.replace('ST*837*', 'ST**'), '024'],
  ['ISA16 is a letter', withIsaElement(file, 16, 'A'), '027'],
  ['the terminator after ISA16 is a letter', file.replaceAll('~', 'X'), '004'],
];

describe('TA1_NOTE_CODE_TABLE', () => {
  it.each(cases)('%s: TA105 %s… answers with a TA1 R to the submitter', (_name, text, note) => {
    const refused = refusal(text);

    expect(ta1NoteCodeOf(refused.problem)).toBe(note);
    expect(refused.ta1For).toMatchObject({
      senderId: SUBMITTER.id,
      receiverId: CLEARINGHOUSE.id,
    });
  });

  it('has a case above for every row', () => {
    const problems = cases.map(([, text]) => refusal(text).problem);
    for (const row of TA1_NOTE_CODE_TABLE) {
      const covered = problems.some(
        (problem) =>
          problem.code === row.code &&
          (row.segmentId === undefined || problem.segmentId === row.segmentId) &&
          (row.position === undefined || problem.position === row.position) &&
          (row.message === undefined || row.message.test(problem.message)),
      );
      expect(covered, `${row.code} ${row.segmentId ?? ''}${row.position ?? ''}`).toBe(true);
    }
  });

  it.each([
    ['no ISA at all', 'hello, this is not X12'],
    ['an ISA whose element separator is a letter', file.replaceAll('*', 'X')],
    ['an ISA without ISA13', withIsaElement(file, 13, ' '.repeat(9))],
    ['too many claims', 'TOO_MANY'],
    [
      'no transaction set',
      file.slice(0, file.indexOf('GS*')) +
        file.slice(file.indexOf('IEA*')).replace('IEA*1*', 'IEA*0*'),
    ],
  ])('gives no TA1 for %s', (_name, text) => {
    const content =
      text === 'TOO_MANY'
        ? batchFile(Array.from({ length: 5001 }, (_unused, index) => batchClaim(`P${index}`)))
        : text;

    const refused = refusal(content);

    expect(refused.ta1For).toBeUndefined();
  });
});

describe('the TA1 of a refused upload', () => {
  function fakes() {
    const archived = new Map<string, string>();
    const published: unknown[] = [];
    const finished: Record<string, unknown>[] = [];
    let counter = 500;
    const dependencies = {
      now: () => new Date('2026-11-22T10:00:00Z'),
      archive: {
        put: (key: string, content: string) => Promise.resolve(void archived.set(key, content)),
        getText: (key: string) => Promise.resolve(archived.get(key) ?? ''),
      },
      controlNumbers: { next: () => Promise.resolve(++counter) },
      notifier: {
        publish: (messages: readonly unknown[]) =>
          Promise.resolve(void published.push(...messages)),
      },
      batches: {
        get: () => Promise.resolve(undefined),
        create: () => Promise.resolve(true),
        release: () => Promise.resolve(),
        finish: (_tenant: string, _batch: string, final: Record<string, unknown>) =>
          Promise.resolve(finished.push(final) > 0),
      },
      // a refused file touches nothing else (no claim is stored or queued)
    } as unknown as BatchIntakeDependencies;
    return { dependencies, archived, published, finished };
  }

  it('echoes the ISA in its own interchange addressed back, archives it and tells the webhook', async () => {
    const { dependencies, archived, published, finished } = fakes();
    const content = file.replace(/IEA\*1\*\d+/, 'IEA*1*000000777');

    const { batchId } = await submitBatch(dependencies, { tenantId: 'tn_1', content });

    const ta1 = finished[0]?.ta1 as BatchTa1;
    expect(finished[0]).toMatchObject({
      status: 'REJECTED',
      problem: { code: 'CONTROL_NUMBER_MISMATCH', segmentId: 'IEA', position: 2 },
      counts: { claims: { received: 1, accepted: 0, rejected: 1 } },
    });
    expect(ta1).toMatchObject({
      interchanges: [
        {
          acknowledgedControlNumber: '000004242',
          acknowledgment: 'R',
          noteCode: '001',
          interchangeControlNumber: '000000501',
        },
      ],
      rawFileKey: `inbound-batches/tn_1/${batchId}/ta1-000000501.x12`,
    });
    const text = archived.get(ta1.rawFileKey) ?? '';
    const document = parseX12(text, { strict: true });
    const interchange = document.interchanges[0];
    expect(interchange).toMatchObject({
      senderId: CLEARINGHOUSE.id,
      receiverId: SUBMITTER.id,
      controlNumber: '000000501',
      usageIndicator: 'T',
    });
    expect(interchange?.ta1).toEqual([
      {
        type: 'TA1',
        interchangeControlNumber: '000004242',
        interchangeDate: '2026-11-22',
        interchangeTime: '0915',
        acknowledgment: 'R',
        noteCode: '001',
      },
    ]);
    expect(published).toEqual([
      {
        kind: 'batch',
        id: `${batchId}:acknowledged`,
        type: 'batch.acknowledged',
        tenantId: 'tn_1',
        batchId,
        at: ta1.producedAt,
        status: 'REJECTED',
        counts: {
          transactionSets: { received: 1, accepted: 0, rejected: 1 },
          claims: { received: 1, accepted: 0, rejected: 1 },
        },
        problem: { code: 'CONTROL_NUMBER_MISMATCH', segment: 28, segmentId: 'IEA', position: 2 },
        ta1: { interchanges: ta1.interchanges },
      },
    ]);
  });

  it('answers the ISA it could still read when ISA16 is unusable', async () => {
    const { dependencies, archived, finished } = fakes();

    await submitBatch(dependencies, { tenantId: 'tn_1', content: cases[14]?.[1] ?? '' });

    const ta1 = finished[0]?.ta1 as BatchTa1;
    const parsed = parseX12(archived.get(ta1.rawFileKey) ?? '', { strict: true });
    expect(parsed.interchanges[0]?.receiverId).toBe(SUBMITTER.id);
    expect(parsed.interchanges[0]?.ta1[0]).toMatchObject({
      interchangeControlNumber: '000004242',
      acknowledgment: 'R',
      noteCode: '027',
    });
  });

  it('has none for a file without a readable ISA, and still tells the webhook', async () => {
    const { dependencies, published, finished, archived } = fakes();

    await submitBatch(dependencies, { tenantId: 'tn_1', content: 'hello, this is not X12' });

    expect(finished[0]?.ta1).toBeUndefined();
    expect(finished[0]?.problem).toMatchObject({ code: 'NO_ISA' });
    expect([...archived.keys()].filter((key) => key.includes('/ta1-'))).toEqual([]);
    expect(published).toEqual([
      expect.objectContaining({
        status: 'REJECTED',
        problem: { code: 'NO_ISA', segment: 1, segmentId: '', position: 0 },
      }),
    ]);
    expect(published[0]).not.toHaveProperty('ta1');
  });
});
