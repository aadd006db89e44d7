import { describe, expect, it } from 'vitest';
import { readTransactions, type TransactionEvent } from '#shared/x12/interchange-reader';
import { parseX12 } from '#shared/x12/parse-document';
import type { Segment } from '#shared/x12/segment';
import type { TransactionParserFactory } from '#shared/x12/transaction-parser';
import { interchange, SIMPLE_BODY } from './x12-text.ts';
import { thrown } from './thrown-x12-error.ts';

/** SIMPLE_BODY with one segment replaced (segment ordinals: ISA 1, GS 2, ST 3 ... SE 6, GE 7, IEA 8). */
function replaced(id: string, segment: string): string {
  return interchange(SIMPLE_BODY.map((body) => (body.startsWith(`${id}*`) ? segment : body)));
}

const ENVELOPE_DEFECTS = [
  { name: 'SE01', id: 'SE', segment: 'SE*5*0001', code: 'COUNT_MISMATCH', ordinal: 6, position: 1 },
  {
    name: 'SE02',
    id: 'SE',
    segment: 'SE*4*0002',
    code: 'CONTROL_NUMBER_MISMATCH',
    ordinal: 6,
    position: 2,
  },
  { name: 'GE01', id: 'GE', segment: 'GE*2*1', code: 'COUNT_MISMATCH', ordinal: 7, position: 1 },
  {
    name: 'GE02',
    id: 'GE',
    segment: 'GE*1*9',
    code: 'CONTROL_NUMBER_MISMATCH',
    ordinal: 7,
    position: 2,
  },
  {
    name: 'IEA01',
    id: 'IEA',
    segment: 'IEA*0*000000001',
    code: 'COUNT_MISMATCH',
    ordinal: 8,
    position: 1,
  },
  {
    name: 'IEA02',
    id: 'IEA',
    segment: 'IEA*1*000000002',
    code: 'CONTROL_NUMBER_MISMATCH',
    ordinal: 8,
    position: 2,
  },
] as const;

describe('InterchangeReader envelope checks', () => {
  it('finds no defect in a correct interchange', () => {
    const document = parseX12(interchange(SIMPLE_BODY));

    expect(document.interchanges[0]?.warnings).toEqual([]);
  });

  for (const defect of ENVELOPE_DEFECTS) {
    it(`reports a wrong ${defect.name} as a ${defect.code} warning at its segment and element`, () => {
      const document = parseX12(replaced(defect.id, defect.segment));

      expect(document.interchanges[0]?.warnings).toEqual([
        {
          code: defect.code,
          segment: defect.ordinal,
          segmentId: defect.id,
          position: defect.position,
          message: expect.stringContaining(defect.name) as string,
        },
      ]);
    });

    it(`throws a wrong ${defect.name} as ${defect.code} in strict mode`, () => {
      const error = thrown(() => parseX12(replaced(defect.id, defect.segment), { strict: true }));

      expect(error.toJSON()).toMatchObject({
        code: defect.code,
        segment: defect.ordinal,
        segmentId: defect.id,
        position: defect.position,
      });
    });
  }

  it('warns when an ST02 repeats within a group', () => {
    const text = interchange([
      'GS*PO*S*R*20240102*1200*1*X*004010',
      'ST*850*0001',
      'SE*2*0001',
      'ST*850*0001',
      'SE*2*0001',
      'GE*2*1',
      'IEA*1*000000001',
    ]);

    const warnings = parseX12(text).interchanges[0]?.warnings;

    expect(warnings).toMatchObject([{ code: 'CONTROL_NUMBER_MISMATCH', segment: 5, position: 2 }]);
  });

  it('warns about an ISA field of the wrong width', () => {
    const text = interchange(SIMPLE_BODY).replace('SENDER         ', 'SENDER');

    const warnings = parseX12(text).interchanges[0]?.warnings;

    expect(warnings).toMatchObject([{ code: 'BAD_ISA', segment: 1, position: 6 }]);
    expect(parseX12(text).interchanges[0]?.senderId).toBe('SENDER');
  });

  it('warns about a count that is not a number', () => {
    const warnings = parseX12(replaced('SE', 'SE*X*0001')).interchanges[0]?.warnings;

    expect(warnings).toMatchObject([{ code: 'INVALID_ELEMENT', segment: 6, position: 1 }]);
  });
});

describe('InterchangeReader structure', () => {
  it('emits an unsupported placeholder for an ST01 without a parser', () => {
    const document = parseX12(interchange(SIMPLE_BODY));

    expect(document.interchanges[0]?.groups[0]?.transactions).toEqual([
      { type: '850', controlNumber: '0001', unsupported: true, segmentCount: 4 },
    ]);
  });

  it('throws UNSUPPORTED_TRANSACTION for an ST01 without a parser when one is required', () => {
    const error = thrown(() => parseX12(interchange(SIMPLE_BODY), { requireParser: true }));

    expect(error.toJSON()).toMatchObject({
      code: 'UNSUPPORTED_TRANSACTION',
      segment: 3,
      position: 1,
    });
  });

  it('throws UNEXPECTED_SEGMENT when a GE arrives before the SE', () => {
    const text = interchange(SIMPLE_BODY.filter((body) => !body.startsWith('SE*')));

    const error = thrown(() => parseX12(text));

    expect(error.toJSON()).toMatchObject({
      code: 'UNEXPECTED_SEGMENT',
      segment: 6,
      segmentId: 'GE',
    });
  });

  it('throws UNEXPECTED_SEGMENT for an ST outside a functional group', () => {
    const text = interchange(['ST*850*0001', 'SE*2*0001', 'IEA*0*000000001']);

    expect(thrown(() => parseX12(text)).toJSON()).toMatchObject({
      code: 'UNEXPECTED_SEGMENT',
      segment: 2,
      segmentId: 'ST',
    });
  });

  it('throws UNEXPECTED_SEGMENT for a data segment between GS and ST', () => {
    const text = interchange([
      'GS*PO*S*R*20240102*1200*1*X*004010',
      'BEG*00',
      'GE*0*1',
      'IEA*1*000000001',
    ]);

    expect(thrown(() => parseX12(text)).segment).toBe(3);
  });

  it('throws TRUNCATED when the file ends before the IEA', () => {
    const text = interchange(SIMPLE_BODY.slice(0, -1));

    expect(thrown(() => parseX12(text)).toJSON()).toMatchObject({ code: 'TRUNCATED', segment: 8 });
  });

  it('throws MISSING_ELEMENT for an ST without ST01', () => {
    const error = thrown(() => parseX12(replaced('ST', 'ST**0001')));

    expect(error.toJSON()).toMatchObject({ code: 'MISSING_ELEMENT', segment: 3, position: 1 });
  });

  it('feeds the registered parser every segment between ST and SE, with the envelope context', () => {
    const seen: string[] = [];
    let groupControlNumber = '';
    const factory: TransactionParserFactory<{ type: string; ids: string[] }> = (context) => {
      groupControlNumber = context.group.controlNumber;
      return {
        segment: (segment: Segment) => seen.push(segment.id),
        finish: (trailer: Segment) => ({ type: '850', ids: [...seen, trailer.id] }),
      };
    };

    const document = parseX12(interchange(SIMPLE_BODY), { parsers: { '850': factory } });

    expect(document.interchanges[0]?.groups[0]?.transactions).toEqual([
      { type: '850', ids: ['BEG', 'N1', 'SE'] },
    ]);
    expect(groupControlNumber).toBe('1');
  });

  it('turns a parser crash into an X12Error located at the segment, keeping the cause', () => {
    const factory: TransactionParserFactory<never> = () => ({
      segment: () => {
        throw new TypeError('bug');
      },
      finish: () => {
        throw new Error('unreachable');
      },
    });

    const error = thrown(() => parseX12(interchange(SIMPLE_BODY), { parsers: { '850': factory } }));

    expect(error.toJSON()).toMatchObject({
      code: 'UNEXPECTED_SEGMENT',
      segment: 4,
      segmentId: 'BEG',
    });
    expect(error.cause).toBeInstanceOf(TypeError);
  });

  it('puts TA1s in the interchange and in an interchange-level pseudo-group', () => {
    const text = interchange(['TA1*000000123*240101*1200*R*022', 'IEA*0*000000001']);

    const first = parseX12(text).interchanges[0];

    const ta1 = {
      type: 'TA1',
      interchangeControlNumber: '000000123',
      interchangeDate: '2024-01-01',
      interchangeTime: '1200',
      acknowledgment: 'R',
      noteCode: '022',
    };
    expect(first?.ta1).toEqual([ta1]);
    expect(first?.groups).toEqual([
      {
        functionalIdCode: null,
        controlNumber: null,
        version: null,
        interchangeLevel: true,
        transactions: [ta1],
      },
    ]);
  });

  it('streams transactions with their interchange and group as each SE closes', async () => {
    const text =
      interchange(SIMPLE_BODY) +
      interchange(['TA1*000000123*240101*1200*A*000', 'IEA*0*000000001']);
    const events: TransactionEvent[] = [];

    for await (const event of readTransactions([text.slice(0, 50), text.slice(50)], {
      parsers: {},
    })) {
      events.push(event);
    }

    expect(
      events.map((event) => [
        event.group?.controlNumber ?? null,
        (event.transaction as { type: string }).type,
      ]),
    ).toEqual([
      ['1', '850'],
      [null, 'TA1'],
    ]);
    expect(events[0]?.interchange.senderId).toBe('SENDER');
  });
});
