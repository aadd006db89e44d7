import { describe, expect, it } from 'vitest';
import { transactionSet277ca, type ClaimAcknowledgment277Input } from '#shared/x12/generate-277ca';
import type { ClaimAcknowledgment277 } from '#shared/x12/parse-277ca';
import { parseX12 } from '#shared/x12/parse-document';
import { writeInterchange } from '#shared/x12/writer';
import { sandboxPayerEnvelope } from './sandbox-payer-envelope.ts';

const createdAt = new Date('2025-03-21T08:30:00Z');

const INPUT: ClaimAcknowledgment277Input = {
  referenceId: 'SBX000000042',
  createdAt,
  source: {
    name: 'CIGNA',
    id: '62308',
    traceNumber: 'RCPT-42',
    receivedDate: '2025-03-20',
    processDate: '2025-03-21',
  },
  receivers: [
    {
      name: 'CLEARINGHOUSE',
      id: 'ETIN01',
      traceNumber: '000000101',
      statuses: [
        { status: { categoryCode: 'A1', statusCode: '19', entityCode: 'PR' }, date: '2025-03-21' },
      ],
      providers: [
        {
          name: 'ROSE CITY PEDIATRICS PC',
          npi: '1234567893',
          traceNumber: '000000101',
          claims: [
            {
              patientControlNumber: 'PCN-ACCEPTED',
              patient: { lastName: 'DOE', firstName: 'JANE', id: 'U1234567801' },
              statuses: [
                {
                  status: { categoryCode: 'A2', statusCode: '20' },
                  date: '2025-03-21',
                  chargeAmount: '267.75',
                },
              ],
              payerClaimControlNumber: 'SBX000000007',
              clearinghouseTraceNumber: 'clm_1',
              serviceDates: { from: '2025-03-18', to: '2025-03-18' },
            },
            {
              patientControlNumber: 'PCN-REJECTED',
              patient: { lastName: 'ROE' },
              statuses: [
                {
                  status: { categoryCode: 'A7', statusCode: '562', entityCode: '85' },
                  additional: [{ categoryCode: 'A7', statusCode: '21' }],
                  date: '2025-03-21',
                  chargeAmount: '100.5',
                  message: 'NPI INVALID',
                },
              ],
              clearinghouseTraceNumber: 'clm_2',
              billType: '111',
              serviceDates: { from: '2025-03-01', to: '2025-03-03' },
              serviceLines: [
                {
                  procedureQualifier: 'HC',
                  procedureCode: '99214',
                  modifiers: ['25'],
                  chargeAmount: '100.50',
                  units: '1',
                  lineItemControlNumber: 'L1',
                  serviceDates: { from: '2025-03-01', to: '2025-03-01' },
                  statuses: [
                    {
                      status: { categoryCode: 'A7', statusCode: '454' },
                      date: '2025-03-21',
                      chargeAmount: '100.50',
                    },
                  ],
                },
              ],
            },
          ],
        },
      ],
    },
  ],
};

function generated(input: ClaimAcknowledgment277Input): string {
  return writeInterchange(sandboxPayerEnvelope({ controlNumber: 42, createdAt }), [
    {
      group: {
        functionalIdCode: 'HN',
        senderCode: 'SANDBOXPAYER',
        receiverCode: 'CLEARINGHOUSE',
        controlNumber: 42,
        version: '005010X214',
      },
      transactionSets: [transactionSet277ca(input, 1)],
    },
  ]);
}

function parsedBack(text: string): { ack: ClaimAcknowledgment277; warnings: unknown[] } {
  const document = parseX12(text, { strict: true });
  const interchange = document.interchanges[0];
  return {
    ack: interchange?.groups[0]?.transactions[0] as ClaimAcknowledgment277,
    warnings: [...(interchange?.warnings ?? []), ...document.warnings],
  };
}

describe('generate277ca', () => {
  it('parses back in strict mode with the same claim statuses, trace ids and charges', () => {
    const { ack, warnings } = parsedBack(generated(INPUT));

    expect(warnings).toEqual([]);
    expect(ack.warnings).toEqual([]);
    expect(ack.implementationReference).toBe('005010X214');
    expect(ack.claims.map((claim) => claim.patientControlNumber)).toEqual([
      'PCN-ACCEPTED',
      'PCN-REJECTED',
    ]);
    const [accepted, rejected] = ack.claims;
    expect(accepted?.statuses).toMatchObject([
      { categoryCode: 'A2', statusCode: '20', actionCode: 'WQ', chargeAmount: '267.75' },
    ]);
    expect(accepted?.clearinghouseTraceNumber).toBe('clm_1');
    expect(accepted?.payerClaimControlNumber).toBe('SBX000000007');
    expect(accepted?.serviceDates).toMatchObject({ from: '2025-03-18', to: '2025-03-18' });
    expect(rejected?.statuses).toMatchObject([
      { categoryCode: 'A7', statusCode: '562', entityCode: '85', actionCode: 'U', source: 'STC01' },
      { categoryCode: 'A7', statusCode: '21', source: 'STC10', message: 'NPI INVALID' },
    ]);
    expect(rejected?.chargeAmount).toBe('100.50');
    expect(rejected?.clearinghouseTraceNumber).toBe('clm_2');
    expect(rejected?.payerClaimControlNumber).toBeNull();
    expect(rejected?.billType).toBe('111');
    expect(rejected?.serviceDates).toMatchObject({ from: '2025-03-01', to: '2025-03-03' });
  });

  it('writes service lines with their statuses and line item control numbers', () => {
    const { ack } = parsedBack(generated(INPUT));

    expect(ack.claims[1]?.serviceLines).toMatchObject([
      {
        procedureQualifier: 'HC',
        procedureCode: '99214',
        modifiers: ['25'],
        chargeAmount: '100.50',
        units: '1',
        lineItemControlNumber: 'L1',
        statuses: [{ categoryCode: 'A7', statusCode: '454' }],
      },
    ]);
  });

  it('computes receiver and provider totals from the claim categories', () => {
    const { ack } = parsedBack(generated(INPUT));

    expect(ack.receivers[0]).toMatchObject({
      traceNumber: '000000101',
      acceptedQuantity: 1,
      rejectedQuantity: 1,
      acceptedAmount: '267.75',
      rejectedAmount: '100.50',
    });
    expect(ack.providers[0]).toMatchObject({
      npi: '1234567893',
      acceptedQuantity: 1,
      rejectedQuantity: 1,
    });
    expect(ack.informationSources[0]).toMatchObject({
      traceNumber: 'RCPT-42',
      receivedDate: '2025-03-20',
      processDate: '2025-03-21',
    });
  });

  it('numbers HL levels 1..n with each level under its parent', () => {
    const text = generated(INPUT);

    const hls = text.split('~').filter((segment) => segment.startsWith('HL*'));
    expect(hls).toEqual(['HL*1**20*1', 'HL*2*1*21*1', 'HL*3*2*19*1', 'HL*4*3*PT', 'HL*5*3*PT']);
  });

  it('refuses a claim without a status', () => {
    const claim = INPUT.receivers[0]?.providers[0]?.claims[0];
    if (claim === undefined) throw new Error('fixture');
    const input = {
      ...INPUT,
      receivers: [
        {
          ...INPUT.receivers[0]!,
          providers: [
            { ...INPUT.receivers[0]!.providers[0]!, claims: [{ ...claim, statuses: [] }] },
          ],
        },
      ],
    };

    expect(() => generated(input)).toThrow(RangeError);
  });
});
