import { describe, expect, it } from 'vitest';
import type { Acknowledgment999 } from '#shared/x12/parse-999';
import { parseX12 } from '#shared/x12/parse-document';
import { CORPUS_PRESENT, corpusSuite, readCorpus } from './corpus-files.ts';
import { interchange } from './x12-text.ts';
import { thrown } from './thrown-x12-error.ts';

function acknowledgments(input: string | Uint8Array): Acknowledgment999[] {
  return parseX12(input).interchanges.flatMap((item) =>
    item.groups.flatMap((group) => group.transactions as Acknowledgment999[]),
  );
}

function only999(body: readonly string[]): Acknowledgment999 {
  const segments = [
    'GS*FA*S*R*20240102*1200*5*X*005010X231A1',
    'ST*999*0001*005010X231A1',
    ...body,
    `SE*${body.length + 2}*0001`,
    'GE*1*5',
    'IEA*1*000000001',
  ];
  const [first] = acknowledgments(interchange(segments));
  if (first === undefined) throw new Error('no 999 parsed');
  return first;
}

describe.skipIf(!CORPUS_PRESENT)(corpusSuite('parse999'), () => {
  it('reads the DHS Wisconsin partial acceptance: 3 sets, 1 accepted, 2 rejected, AK9 P', () => {
    const [ack] = acknowledgments(readCorpus('999/oopfactory-999-partial-dhs-wisconsin.txt'));

    expect(ack).toMatchObject({
      type: '999',
      controlNumber: '2870001',
      functionalIdCode: 'HC',
      groupControlNumber: '17456',
      version: '004010X098A1',
      groupAcknowledgment: 'P',
      transactionSetsIncluded: 3,
      received: 3,
      accepted: 1,
    });
    expect(ack?.transactionSets.map((set) => [set.controlNumber, set.acknowledgment])).toEqual([
      ['0001', 'A'],
      ['002', 'R'],
      ['0003', 'R'],
    ]);
  });

  it('keeps IK3, its CLM01 context and the IK4 element error of the DHS Wisconsin 999', () => {
    const [ack] = acknowledgments(readCorpus('999/oopfactory-999-partial-dhs-wisconsin.txt'));
    const rejected = ack?.transactionSets[1];

    expect(rejected?.errorCodes).toEqual(['5']);
    expect(rejected?.errors).toEqual([
      {
        segmentId: 'CLM',
        position: 22,
        loopId: null,
        code: '8',
        context: [expect.objectContaining({ name: 'CLM01', reference: '123456789' })],
        elementErrors: [
          {
            position: 2,
            componentPosition: null,
            repeatPosition: null,
            elementReference: '782',
            code: '1',
            badValue: null,
            context: [],
          },
        ],
      },
    ]);
  });

  it('reads a situational-trigger CTX with segment, position and composite reference', () => {
    const [ack] = acknowledgments(readCorpus('999/oopfactory-999-partial-dhs-wisconsin.txt'));

    expect(ack?.transactionSets[2]?.errors[0]?.context[0]).toEqual({
      name: 'SITUATIONAL TRIGGER',
      reference: null,
      segmentId: 'CLM',
      segmentPosition: 43,
      loopId: null,
      elementPosition: 5,
      componentPosition: 3,
      repeatPosition: null,
      elementReference: 'C023:1325',
    });
  });

  it('reads the eMedNY rejection: AK9 R with an NM segment error at position 17', () => {
    const [ack] = acknowledgments(readCorpus('999/herophilus-999-rejected.txt'));

    expect(ack).toMatchObject({
      groupControlNumber: '28',
      groupAcknowledgment: 'R',
      accepted: 0,
    });
    expect(ack?.transactionSets[0]).toMatchObject({
      controlNumber: '0028',
      acknowledgment: 'R',
      errors: [{ segmentId: 'NM', position: 17, code: '1', elementErrors: [] }],
    });
  });

  it('reads one 999 per ST across two functional groups', () => {
    const acks = acknowledgments(readCorpus('999/pyx12-999-multi-gs-834.txt'));

    expect(
      acks.map((ack) => [ack.controlNumber, ack.functionalIdCode, ack.groupAcknowledgment]),
    ).toEqual([
      ['0001', 'BE', 'A'],
      ['0002', 'BE', 'A'],
      ['0003', 'BE', 'A'],
      ['0004', 'BE', 'A'],
    ]);
  });

  it('parses the accepted 999 whose IEA02 differs from its ISA13, with a warning', () => {
    const document = parseX12(readCorpus('999/imsweb-999-accepted.txt'));

    expect(document.interchanges[0]?.warnings).toMatchObject([
      { code: 'CONTROL_NUMBER_MISMATCH', segmentId: 'IEA', position: 2 },
    ]);
    expect(
      acknowledgments(readCorpus('999/imsweb-999-accepted.txt'))[0]?.transactionSets,
    ).toMatchObject([
      { controlNumber: '0001', implementationReference: '005010X223A2', acknowledgment: 'A' },
    ]);
  });
});

describe('parse999', () => {
  it('reads IK4 component and repeat positions and keeps the bad value', () => {
    const ack = only999([
      'AK1*HC*7*005010X222A1',
      'AK2*837*0001*005010X222A1',
      'IK3*NM1*8*2010BA*8',
      'IK4*9:2:1*67*7*BADVALUE',
      'CTX*CLM01:PCN1',
      'IK5*R*5',
      'AK9*R*1*1*0*5',
    ]);

    expect(ack.groupErrors).toEqual(['5']);
    expect(ack.transactionSets[0]?.errors[0]).toMatchObject({
      segmentId: 'NM1',
      position: 8,
      loopId: '2010BA',
      code: '8',
      elementErrors: [
        {
          position: 9,
          componentPosition: 2,
          repeatPosition: 1,
          elementReference: '67',
          code: '7',
          badValue: 'BADVALUE',
          context: [{ name: 'CLM01', reference: 'PCN1' }],
        },
      ],
    });
  });

  it('maps IK5 E to a set accepted with errors', () => {
    const ack = only999(['AK1*HC*7', 'AK2*837*0001', 'IK5*E', 'AK9*E*1*1*1']);

    expect(ack.transactionSets[0]?.acknowledgment).toBe('E');
    expect(ack.groupAcknowledgment).toBe('E');
  });

  it('throws MISSING_SEGMENT when an AK2 loop has no IK5', () => {
    const error = thrown(() =>
      only999(['AK1*HC*7', 'AK2*837*0001', 'AK2*837*0002', 'IK5*A', 'AK9*A*2*2*2']),
    );

    expect(error.toJSON()).toMatchObject({ code: 'MISSING_SEGMENT', segment: 5, segmentId: 'AK2' });
  });

  it('throws MISSING_SEGMENT when AK9 is absent', () => {
    const error = thrown(() => only999(['AK1*HC*7', 'AK2*837*0001', 'IK5*A']));

    expect(error.toJSON()).toMatchObject({ code: 'MISSING_SEGMENT', segmentId: 'SE' });
  });

  it('throws INVALID_ELEMENT for an unknown IK501 code without quoting it', () => {
    const error = thrown(() => only999(['AK1*HC*7', 'AK2*837*0001', 'IK5*Q', 'AK9*A*1*1*1']));

    expect(error.toJSON()).toMatchObject({
      code: 'INVALID_ELEMENT',
      segmentId: 'IK5',
      position: 1,
    });
    expect(error.message).not.toContain('Q');
  });

  it('keeps the IK404 bad value out of error messages', () => {
    const error = thrown(() =>
      only999([
        'AK1*HC*7',
        'AK2*837*0001',
        'IK3*NM1*8*2010BA*8',
        'IK4*ZQ*67**JOHN SMITH',
        'IK5*R',
        'AK9*R*1*1*0',
      ]),
    );

    expect(error.toJSON()).toMatchObject({
      code: 'INVALID_ELEMENT',
      segmentId: 'IK4',
      position: 1,
    });
    expect(error.message).not.toMatch(/JOHN|ZQ/);
  });

  it('throws UNEXPECTED_SEGMENT for an IK3 before any AK2', () => {
    const error = thrown(() => only999(['AK1*HC*7', 'IK3*NM1*8**8', 'AK9*R*1*1*0']));

    expect(error.toJSON()).toMatchObject({ code: 'UNEXPECTED_SEGMENT', segmentId: 'IK3' });
  });
});
