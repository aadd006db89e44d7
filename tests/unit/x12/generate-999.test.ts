import { describe, expect, it } from 'vitest';
import { generate999, verdictOf, type Generate999Input } from '#shared/x12/generate-999';
import type { Acknowledgment999 } from '#shared/x12/parse-999';
import { parseX12 } from '#shared/x12/parse-document';
import type { InterchangeEnvelope } from '#shared/x12/writer';

const ENVELOPE: InterchangeEnvelope = {
  senderQualifier: 'ZZ',
  senderId: 'CLEARINGHOUSE',
  receiverQualifier: 'ZZ',
  receiverId: 'SUBMITTER',
  controlNumber: 42,
  usageIndicator: 'T',
  acknowledgmentRequested: false,
  createdAt: new Date('2024-03-05T10:20:00Z'),
};

function input(groups: Generate999Input['groups']): Generate999Input {
  return {
    interchange: ENVELOPE,
    senderCode: 'CLEARINGHOUSE',
    receiverCode: 'SUBMITTER',
    groupControlNumber: 7,
    firstTransactionSetControlNumber: 1,
    groups,
  };
}

function parsedBack(text: string): { acks: Acknowledgment999[]; warnings: unknown[] } {
  const document = parseX12(text, { strict: true });
  return {
    acks: document.interchanges.flatMap((item) =>
      item.groups.flatMap((group) => group.transactions as Acknowledgment999[]),
    ),
    warnings: document.interchanges.flatMap((item) => item.warnings),
  };
}

const PARTIAL = input([
  {
    functionalIdCode: 'HC',
    controlNumber: '17456',
    version: '005010X222A1',
    transactionSets: [
      {
        transactionSetId: '837',
        controlNumber: '0001',
        implementationReference: '005010X222A1',
        problems: [],
      },
      {
        transactionSetId: '837',
        controlNumber: '0002',
        implementationReference: '005010X222A1',
        problems: [
          {
            segmentId: 'CLM',
            position: 22,
            loopId: '2300',
            code: '8',
            businessUnit: { name: 'CLM01', reference: 'PCN-22' },
            elementErrors: [
              {
                position: 5,
                componentPosition: 3,
                elementReference: '1325',
                code: '7',
                badValue: '9',
              },
            ],
          },
        ],
      },
      {
        transactionSetId: '837',
        controlNumber: '0003',
        problems: [
          { segmentId: 'REF', position: 57, loopId: '2300', code: '3', severity: 'warning' },
        ],
      },
    ],
  },
]);

describe('generate999', () => {
  it('acknowledges a clean set with IK5 A and the group with AK9 A and its counts', () => {
    const text = generate999(
      input([
        {
          functionalIdCode: 'HC',
          controlNumber: '5',
          version: '005010X222A1',
          transactionSets: [{ transactionSetId: '837', controlNumber: '0001', problems: [] }],
        },
      ]),
    );

    expect(text).toContain('AK1*HC*5*005010X222A1~AK2*837*0001~IK5*A~AK9*A*1*1*1~');
    expect(text.startsWith('ISA*00*')).toBe(true);
    expect(text).toContain('GS*FA*CLEARINGHOUSE*SUBMITTER*20240305*1020*7*X*005010X231A1~');
  });

  it('writes IK3, CTX and IK4 with component position and bad value for a rejected set', () => {
    const text = generate999(PARTIAL);

    expect(text).toContain(
      'AK2*837*0002*005010X222A1~IK3*CLM*22*2300*8~CTX*CLM01:PCN-22~IK4*5:3*1325*7*9~IK5*R*5~',
    );
    expect(text).toContain('AK9*P*3*3*2~');
  });

  it('round-trips through parse999 to the same verdicts, counts and errors with a clean envelope', () => {
    const { acks, warnings } = parsedBack(generate999(PARTIAL));

    expect(warnings).toEqual([]);
    expect(acks).toHaveLength(1);
    expect(acks[0]).toMatchObject({
      functionalIdCode: 'HC',
      groupControlNumber: '17456',
      version: '005010X222A1',
      groupAcknowledgment: 'P',
      transactionSetsIncluded: 3,
      received: 3,
      accepted: 2,
    });
    expect(
      acks[0]?.transactionSets.map((set) => [
        set.controlNumber,
        set.acknowledgment,
        set.errorCodes,
      ]),
    ).toEqual([
      ['0001', 'A', []],
      ['0002', 'R', ['5']],
      ['0003', 'E', ['5']],
    ]);
    expect(acks[0]?.transactionSets[1]?.errors[0]).toMatchObject({
      segmentId: 'CLM',
      position: 22,
      loopId: '2300',
      code: '8',
      context: [{ name: 'CLM01', reference: 'PCN-22' }],
      elementErrors: [
        { position: 5, componentPosition: 3, elementReference: '1325', code: '7', badValue: '9' },
      ],
    });
    const verdict = verdictOf(PARTIAL.groups[0]!);
    expect(acks[0]?.transactionSets.map((set) => set.acknowledgment)).toEqual(
      verdict.transactionSets.map((set) => set.acknowledgment),
    );
  });

  it('rejects the group (AK9 R, 0 accepted) when every set is rejected', () => {
    const verdict = verdictOf({
      functionalIdCode: 'HC',
      controlNumber: '1',
      version: '005010X222A1',
      transactionSets: [
        { transactionSetId: '837', controlNumber: '0001', problems: [], setErrorCodes: ['4'] },
      ],
    });

    expect(verdict).toMatchObject({
      acknowledgment: 'R',
      accepted: 0,
      transactionSets: [{ acknowledgment: 'R' }],
    });
  });

  it('writes set-level and group-level codes and rejects the group when a group code is given', () => {
    const text = generate999(
      input([
        {
          functionalIdCode: 'HC',
          controlNumber: '9',
          version: '005010X223A2',
          groupErrorCodes: ['5'],
          transactionSets: [
            { transactionSetId: '837', controlNumber: '0001', problems: [], setErrorCodes: ['4'] },
          ],
        },
      ]),
    );

    expect(text).toContain('IK5*R*4~AK9*R*1*1*0*5~');
    const { acks } = parsedBack(text);
    expect(acks[0]).toMatchObject({ groupAcknowledgment: 'R', groupErrors: ['5'] });
  });

  it('omits an IK404 bad value that contains one of our delimiters', () => {
    const text = generate999(
      input([
        {
          functionalIdCode: 'HC',
          controlNumber: '9',
          version: '005010X222A1',
          transactionSets: [
            {
              transactionSetId: '837',
              controlNumber: '0001',
              problems: [
                {
                  segmentId: 'NM1',
                  position: 9,
                  code: '8',
                  elementErrors: [{ position: 3, code: '6', badValue: 'A*B' }],
                },
              ],
            },
          ],
        },
      ]),
    );

    expect(text).toContain('IK4*3**6~');
  });

  it('writes one 999 set per acknowledged group with consecutive ST02 and GE01', () => {
    const group = (controlNumber: string) => ({
      functionalIdCode: 'HC',
      controlNumber,
      version: '005010X222A1',
      transactionSets: [{ transactionSetId: '837', controlNumber: '0001', problems: [] }],
    });

    const { acks } = parsedBack(generate999(input([group('1'), group('2')])));

    expect(acks.map((ack) => [ack.controlNumber, ack.groupControlNumber])).toEqual([
      ['0001', '1'],
      ['0002', '2'],
    ]);
  });
});
