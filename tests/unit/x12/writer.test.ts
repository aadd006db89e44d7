import { describe, expect, it } from 'vitest';
import { SegmentWriter, writeInterchange, type InterchangeEnvelope } from '#shared/x12/writer';
import { X12Error } from '#shared/x12/errors';

const envelope: InterchangeEnvelope = {
  senderQualifier: 'ZZ',
  senderId: 'SENDER',
  receiverQualifier: 'ZZ',
  receiverId: 'RECEIVER',
  controlNumber: 42,
  usageIndicator: 'T',
  acknowledgmentRequested: true,
  createdAt: new Date('2026-03-04T05:06:00Z'),
};

describe('SegmentWriter', () => {
  it('drops trailing empty elements and components', () => {
    const writer = new SegmentWriter();
    writer.segment('SV1', ['HC', '99213', '25', undefined], '100', 'UN', '1', '', undefined);
    expect(writer.toString()).toBe('SV1*HC:99213:25*100*UN*1~');
  });

  it('keeps empty elements in the middle of a segment', () => {
    const writer = new SegmentWriter();
    writer.segment('NM1', '41', '2', 'ACME', '', '', '', '', '46', 'X1');
    expect(writer.toString()).toBe('NM1*41*2*ACME*****46*X1~');
  });

  it('refuses data that contains a delimiter, naming the element but not the value', () => {
    const writer = new SegmentWriter();
    const attempt = () => writer.segment('NM1', 'IL', '1', 'DOE*SMITH');
    expect(attempt).toThrow(X12Error);
    expect(attempt).toThrow(/NM103/);
    expect(attempt).not.toThrow(/SMITH/);
  });
});

describe('writeInterchange', () => {
  it('writes a 106-character ISA and envelope counts and control numbers that match their headers', () => {
    const text = writeInterchange(envelope, [
      {
        group: {
          functionalIdCode: 'HC',
          senderCode: 'S',
          receiverCode: 'R',
          controlNumber: 7,
          version: '005010X222A1',
        },
        transactionSets: [
          {
            id: '837',
            controlNumber: 1,
            implementationReference: '005010X222A1',
            body: (w) => w.segment('BHT', '0019'),
          },
          {
            id: '837',
            controlNumber: 2,
            implementationReference: '005010X222A1',
            body: (w) => w.segment('BHT', '0019'),
          },
        ],
      },
    ]);
    const segments = text.split('~').filter(Boolean);
    expect(segments[0]).toHaveLength(105);
    expect(segments[0]).toBe(
      'ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *260304*0506*^*00501*000000042*1*T*:',
    );
    expect(segments[1]).toBe('GS*HC*S*R*20260304*0506*7*X*005010X222A1');
    expect(segments[2]).toBe('ST*837*0001*005010X222A1');
    expect(segments[4]).toBe('SE*3*0001');
    expect(segments[7]).toBe('SE*3*0002');
    expect(segments[8]).toBe('GE*2*7');
    expect(segments[9]).toBe('IEA*1*000000042');
  });

  it('refuses control numbers outside 1..999999999', () => {
    expect(() => writeInterchange({ ...envelope, controlNumber: 0 }, [])).toThrow(RangeError);
    expect(() => writeInterchange({ ...envelope, controlNumber: 1_000_000_000 }, [])).toThrow(
      RangeError,
    );
  });
});
