import { describe, expect, it } from 'vitest';
import type { ClaimAcknowledgment277 } from '#shared/x12/parse-277ca';
import { parseX12 } from '#shared/x12/parse-document';
import { CORPUS_PRESENT, corpusSuite, readCorpus } from './corpus-files.ts';
import { interchange } from './x12-text.ts';

function first277(input: string | Uint8Array): ClaimAcknowledgment277 {
  const [transaction] = parseX12(input).interchanges.flatMap((item) =>
    item.groups.flatMap((group) => group.transactions as ClaimAcknowledgment277[]),
  );
  if (transaction === undefined) throw new Error('no 277 parsed');
  return transaction;
}

function from277(body: readonly string[]): ClaimAcknowledgment277 {
  return first277(
    interchange([
      'GS*HN*S*R*20240102*1200*5*X*005010X214',
      'ST*277*0001*005010X214',
      ...body,
      `SE*${body.length + 2}*0001`,
      'GE*1*5',
      'IEA*1*000000001',
    ]),
  );
}

const HEADER = [
  'BHT*0085*08*REF1*20240102*1200*TH',
  'HL*1**20*1',
  'NM1*PR*2*PAYER*****PI*P1',
  'TRN*1*RECEIPT1',
  'DTP*050*D8*20240101',
  'DTP*009*D8*20240102',
  'HL*2*1*21*1',
  'NM1*41*2*SUBMITTER*****46*S1',
  'TRN*2*BATCH1',
  'STC*A1:19:PR*20240102*WQ*300',
  'HL*3*2*19*1',
  'NM1*85*2*CLINIC*****XX*1234567893',
  'TRN*1*PROV1',
  'STC*A1:19:PR**WQ*300',
];

describe.skipIf(!CORPUS_PRESENT)(corpusSuite('parse277ca'), () => {
  it('keeps the receiver-level A3 rejection of a file with no provider or claim loops', () => {
    const ack = first277(readCorpus('277ca/hdi-277CA-receiver-rejected.edi'));

    expect(ack.claims).toEqual([]);
    expect(ack.providers).toEqual([]);
    expect(ack.receivers).toHaveLength(1);
    expect(ack.receivers[0]).toMatchObject({
      hlId: '2',
      traceNumber: '200203207890',
      statuses: [
        { categoryCode: 'A3', statusCode: '24', entityCode: '41', chargeAmount: '150.00' },
      ],
      acceptedQuantity: 3,
      rejectedQuantity: 5,
      acceptedAmount: '155.00',
      rejectedAmount: '300.00',
    });
  });

  it('keeps the provider-level A3 rejection (HL 9, no claims under it) of the multiple-responders file', () => {
    const ack = first277(readCorpus('277ca/hdi-X214-payer-response-multiple-responders.edi'));
    const rejectedProvider = ack.providers.find((provider) => provider.hlId === '9');

    expect(rejectedProvider).toMatchObject({
      npi: '1222334499',
      statuses: [{ categoryCode: 'A3', statusCode: '24', entityCode: '85' }],
      rejectedQuantity: 3,
      rejectedAmount: '150.00',
    });
    expect(ack.claims.filter((claim) => claim.providerHlId === '9')).toEqual([]);
    expect(ack.claims.map((claim) => [claim.patientControlNumber, claim.providerNpi])).toEqual([
      ['PATIENT22222', '5365432101'],
      ['PATIENT33333', '5365432101'],
      ['JONES44444', '5365432101'],
      ['JOHNSON55555', '5365432101'],
      ['MILSO66666', '5365432101'],
    ]);
  });

  it('reads the five claims of the TR3 example with their categories, charges and payer numbers', () => {
    const ack = first277(readCorpus('277ca/hdi-X214-payer-response.edi'));

    expect(
      ack.claims.map((claim) => [
        claim.patientControlNumber,
        claim.statuses.map((status) => `${status.categoryCode}:${status.statusCode}`).join(' '),
        claim.chargeAmount,
        claim.payerClaimControlNumber,
      ]),
    ).toEqual([
      ['PATIENT22222', 'A2:20', '100.00', '220216359803X'],
      ['PATIENT33333', 'A3:21 A3:187', '65.00', null],
      ['JONES44444', 'A7:21 A7:249', '100.00', null],
      ['JOHNSON55555', 'A2:20', '50.50', '220216359806X'],
      ['MILLS66666', 'A2:20', '50.00', '220216359807X'],
    ]);
    expect(ack.claims[0]?.serviceDates).toEqual({ from: '2023-02-14', to: '2023-02-14' });
    expect(ack.providers[0]).toMatchObject({
      hlId: '3',
      npi: null,
      statuses: [],
      traceNumber: null,
    });
  });

  it('reads the eMedNY A7 rejection whose component separator is "|" and whose action is WQ', () => {
    const ack = first277(readCorpus('277ca/herophilus-277CA-rejected.txt'));

    expect(ack.claims).toHaveLength(1);
    expect(ack.claims[0]).toMatchObject({
      patientControlNumber: '3920394930203',
      payerClaimControlNumber: '1107000000001120',
      clearinghouseTraceNumber: null,
      billType: '731',
      chargeAmount: '199.14',
      statuses: [{ categoryCode: 'A7', statusCode: '562', entityCode: '85', actionCode: 'WQ' }],
      providerNpi: '123456789',
    });
  });

  it('tolerates blank lines and the duplicate HL 9 of the all-fields file, with a warning', () => {
    const ack = first277(readCorpus('277ca/hdi-277CA-all-fields.edi'));

    expect(ack.warnings).toMatchObject([{ code: 'INVALID_ELEMENT', segmentId: 'HL', position: 1 }]);
    expect(ack.providers.map((provider) => provider.hlId)).toEqual(['9', '3', '9']);
    expect(ack.claims.map((claim) => claim.patientControlNumber)).toEqual([
      'PATIENT22222',
      'PATIENT33333',
      'JONES44444',
      'JOHNSON55555',
      'MILSO66666',
      'PATIENT9999',
    ]);
  });

  it('reads service lines with procedure, modifiers, line control number and STC10/STC11 statuses', () => {
    const ack = first277(readCorpus('277ca/hdi-277CA-all-fields.edi'));
    const claim = ack.claims[0];

    expect(
      claim?.statuses.map((status) => [status.source, status.categoryCode, status.statusCode]),
    ).toEqual([
      ['STC01', 'A2', '20'],
      ['STC10', 'A3', '187'],
    ]);
    expect(claim?.serviceLines[0]).toMatchObject({
      procedureQualifier: 'HC',
      procedureCode: '99213',
      modifiers: ['26', '27'],
      chargeAmount: '35.00',
      revenueCode: '0300',
      lineItemControlNumber: '001',
      serviceDates: { from: '2018-08-20', to: '2018-08-25' },
    });
    expect(claim?.serviceLines[0]?.statuses.map((status) => status.statusCode)).toEqual([
      '187',
      '453',
      '454',
    ]);
    expect(claim?.serviceLines).toHaveLength(2);
  });

  it('reads the accepted eMedNY 277CA down to the claim', () => {
    const ack = first277(readCorpus('277ca/imsweb-277CA-accepted.txt'));

    expect(ack.informationSources[0]).toMatchObject({
      traceNumber: '000014420',
      receivedDate: '2011-03-11',
    });
    expect(ack.claims).toMatchObject([
      {
        patientControlNumber: '5781',
        chargeAmount: '125.00',
        payerClaimControlNumber: '1107000000014420',
      },
    ]);
  });
});

describe('parse277ca', () => {
  it('reads REF*D9 and REF*1K of a claim and links it to its provider and receiver', () => {
    const ack = from277([
      ...HEADER,
      'HL*4*3*PT',
      'NM1*QC*1*DOE*JANE****MI*M1',
      'TRN*2*PCN-1',
      'STC*A2:20:PR*20240102*WQ*120.5',
      'REF*1K*PAYER-CLAIM-1',
      'REF*D9*TRACE-1',
      'DTP*472*RD8*20231201-20231203',
    ]);

    expect(ack.claims).toEqual([
      expect.objectContaining({
        patientControlNumber: 'PCN-1',
        payerClaimControlNumber: 'PAYER-CLAIM-1',
        clearinghouseTraceNumber: 'TRACE-1',
        chargeAmount: '120.50',
        serviceDates: { from: '2023-12-01', to: '2023-12-03' },
        providerHlId: '3',
        providerNpi: '1234567893',
        receiverHlId: '2',
      }),
    ]);
    expect(ack.informationSources[0]).toMatchObject({
      receivedDate: '2024-01-01',
      processDate: '2024-01-02',
    });
    expect(ack).toMatchObject({
      referenceId: 'REF1',
      creationDate: '2024-01-02',
      transactionTypeCode: 'TH',
    });
  });

  it('attaches a claim whose HL02 names no earlier HL to the current provider, with a warning', () => {
    const ack = from277([...HEADER, 'HL*4*99*PT', 'TRN*2*PCN-2', 'STC*A1:20*20240102*WQ*10']);

    expect(ack.claims[0]?.providerHlId).toBe('3');
    expect(ack.warnings).toMatchObject([
      { code: 'INVALID_ELEMENT', segment: 18, segmentId: 'HL', position: 2 },
    ]);
  });

  it('reads claims under subscriber/dependent levels (22/23) of a 277 claim status response', () => {
    const ack = from277([
      ...HEADER,
      'HL*4*3*22*1',
      'TRN*2*PCN-S',
      'STC*P1:20*20240102**10',
      'HL*5*4*23',
      'TRN*2*PCN-D',
      'STC*A2:20*20240102**20',
    ]);

    expect(
      ack.claims.map((claim) => [
        claim.patientControlNumber,
        claim.providerHlId,
        claim.chargeAmount,
      ]),
    ).toEqual([
      ['PCN-S', '3', '10.00'],
      ['PCN-D', '3', '20.00'],
    ]);
  });

  it('throws INVALID_ELEMENT for an unknown HL03 level code', () => {
    expect(() => from277([...HEADER, 'HL*4*3*99'])).toThrow(
      expect.objectContaining({ code: 'INVALID_ELEMENT', segmentId: 'HL', position: 3 }) as Error,
    );
  });

  it('warns about a claim level without TRN', () => {
    const ack = from277([...HEADER, 'HL*4*3*PT', 'STC*A1:20*20240102*WQ*10']);

    expect(ack.warnings).toMatchObject([{ code: 'MISSING_SEGMENT', segmentId: 'HL' }]);
  });

  it('throws INVALID_ELEMENT for a malformed STC02 date without quoting it', () => {
    expect(() => from277([...HEADER, 'HL*4*3*PT', 'TRN*2*P', 'STC*A1:20*2024130*WQ*10'])).toThrow(
      expect.objectContaining({ code: 'INVALID_ELEMENT', segmentId: 'STC', position: 2 }) as Error,
    );
  });

  it('throws UNEXPECTED_SEGMENT for a segment foreign to the 277CA', () => {
    expect(() => from277([...HEADER, 'CLP*1*1*1*1'])).toThrow(
      expect.objectContaining({ code: 'UNEXPECTED_SEGMENT', segmentId: 'CLP' }) as Error,
    );
  });
});
