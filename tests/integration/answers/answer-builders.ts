// Test helper: payer answer files built with the engine's own generators (TA1, 999, 277CA, 835),
// with the payer as sender and us as receiver, as they arrive from a payer connection.
import { generate999, type AcknowledgedGroupInput } from '#shared/x12/generate-999';
import {
  transactionSet277ca,
  type Claim277Input,
  type Status277Input,
} from '#shared/x12/generate-277ca';
import { transactionSet835 } from '#shared/x12/generate-835';
import { generateTa1 } from '#shared/x12/generate-ta1';
import type { Adjustment835, Claim835, ServiceLine835 } from '#shared/x12/remittance-835';
import { writeInterchange, type InterchangeEnvelope } from '#shared/x12/writer';
import { CLINIC_PAYEE } from '../../support/clinic-payee.ts';

export const US = 'CLEARINGHOUSE';
export const PAYER = 'PAYERSFTP';
export const PAYER_ID = '87726';

let nextControlNumber = 500;

function envelope(): InterchangeEnvelope {
  nextControlNumber += 1;
  return {
    senderQualifier: 'ZZ',
    senderId: PAYER,
    receiverQualifier: 'ZZ',
    receiverId: US,
    controlNumber: nextControlNumber,
    usageIndicator: 'T',
    acknowledgmentRequested: false,
    createdAt: new Date('2026-11-22T10:00:00Z'),
  };
}

export function ta1File(isa13: string, acknowledgment: 'A' | 'E' | 'R', noteCode = '000'): string {
  return generateTa1({
    interchange: envelope(),
    acknowledgedControlNumber: isa13,
    acknowledgedDate: '2026-11-21',
    acknowledgedTime: '1000',
    acknowledgment,
    noteCode,
  });
}

export function file999(groups: readonly AcknowledgedGroupInput[]): string {
  const interchange = envelope();
  return generate999({
    interchange,
    senderCode: PAYER,
    receiverCode: US,
    groupControlNumber: interchange.controlNumber,
    firstTransactionSetControlNumber: 1,
    groups,
  });
}

export const status = (
  categoryCode: string,
  statusCode: string,
  chargeAmount?: string,
): Status277Input => ({
  status: { categoryCode, statusCode },
  date: '2026-11-22',
  ...(chargeAmount === undefined ? {} : { chargeAmount }),
});

export interface Claim277 {
  readonly patientControlNumber: string;
  readonly chargeAmount: string;
  readonly category: string;
  readonly statusCode?: string;
  readonly traceId?: string | null;
  readonly payerClaimControlNumber?: string | null;
}

export function claim277(claim: Claim277): Claim277Input {
  return {
    patientControlNumber: claim.patientControlNumber,
    patient: { lastName: 'DOE', firstName: 'JANE', idQualifier: 'MI', id: 'M1' },
    statuses: [status(claim.category, claim.statusCode ?? '20', claim.chargeAmount)],
    payerClaimControlNumber: claim.payerClaimControlNumber ?? null,
    clearinghouseTraceNumber: claim.traceId ?? null,
  };
}

export interface Level277 {
  /** the batch trace: the ISA13 of our 837 */
  readonly batchTrace: string;
  readonly receiverStatuses?: readonly Status277Input[];
  readonly providerStatuses?: readonly Status277Input[];
  readonly providerNpi?: string;
  readonly claims: readonly Claim277Input[];
}

export function file277ca(level: Level277): string {
  const interchange = envelope();
  return writeInterchange(interchange, [
    {
      group: {
        functionalIdCode: 'HN',
        senderCode: PAYER,
        receiverCode: US,
        controlNumber: interchange.controlNumber,
        version: '005010X214',
      },
      transactionSets: [
        transactionSet277ca(
          {
            referenceId: `REF${interchange.controlNumber}`,
            createdAt: new Date('2026-11-22T10:00:00Z'),
            source: {
              name: 'UNITEDHEALTHCARE',
              id: PAYER_ID,
              traceNumber: 'RECEIPT1',
              receivedDate: '2026-11-21',
              processDate: '2026-11-22',
            },
            receivers: [
              {
                name: 'LAKESIDE BILLING',
                id: US,
                traceNumber: level.batchTrace,
                ...(level.receiverStatuses ? { statuses: level.receiverStatuses } : {}),
                providers: [
                  {
                    name: 'CLINIC',
                    npi: level.providerNpi ?? '1234567893',
                    traceNumber: level.batchTrace,
                    ...(level.providerStatuses ? { statuses: level.providerStatuses } : {}),
                    claims: level.claims,
                  },
                ],
              },
            ],
          },
          1,
        ),
      ],
    },
  ]);
}

export const adjustment = (group: string, reason: string, amount: string): Adjustment835 => ({
  group,
  reason,
  amount,
});

export function line835(
  charge: string,
  paid: string,
  adjustments: readonly Adjustment835[],
  remarkCodes: readonly string[] = [],
): ServiceLine835 {
  return {
    procedureQualifier: 'HC',
    procedureCode: '99213',
    modifiers: [],
    chargeAmount: charge,
    paidAmount: paid,
    revenueCode: null,
    units: null,
    originalProcedure: null,
    originalUnits: null,
    serviceDate: { from: '2026-11-01', to: '2026-11-01' },
    lineItemControlNumber: null,
    allowedAmount: null,
    adjustments,
    remarkCodes,
  };
}

/** A 100.00 line paid nothing that all went to the deductible (PR 1), less a CO 45 write-off. */
export function deductibleLine835(): ServiceLine835 {
  return line835('100.00', '0.00', [
    adjustment('CO', '45', '30.00'),
    adjustment('PR', '1', '70.00'),
  ]);
}

export interface Claim835Spec {
  readonly patientControlNumber: string;
  readonly statusCode?: string;
  readonly charge: string;
  readonly paid: string;
  readonly patientResponsibility?: string;
  readonly payerClaimControlNumber?: string;
  readonly adjustments?: readonly Adjustment835[];
  readonly remarkCodes?: readonly string[];
  readonly lines?: readonly ServiceLine835[];
}

export function claim835(spec: Claim835Spec): Claim835 {
  return {
    patientControlNumber: spec.patientControlNumber,
    statusCode: spec.statusCode ?? '1',
    chargeAmount: spec.charge,
    paidAmount: spec.paid,
    patientResponsibilityAmount: spec.patientResponsibility ?? null,
    claimFilingIndicator: 'CI',
    payerClaimControlNumber: spec.payerClaimControlNumber ?? null,
    facilityCode: '11',
    frequencyCode: '1',
    adjustments: spec.adjustments ?? [],
    remarkCodes: spec.remarkCodes ?? [],
    patient: { lastName: 'DOE', firstName: 'JANE', idQualifier: 'MI', id: 'M1' },
    references: [],
    serviceDates: null,
    receivedDate: null,
    serviceLines: spec.lines ?? [],
  };
}

export function file835(claims: readonly Claim835[], total = '0.00'): string {
  const interchange = envelope();
  return writeInterchange(interchange, [
    {
      group: {
        functionalIdCode: 'HP',
        senderCode: PAYER,
        receiverCode: US,
        controlNumber: interchange.controlNumber,
        version: '005010X221A1',
      },
      transactionSets: [
        transactionSet835(
          {
            payment: {
              totalAmount: total,
              creditDebitFlag: 'C',
              handlingCode: 'I',
              method: 'NON',
              date: '2026-11-25',
              traceNumber: `EFT${interchange.controlNumber}`,
              originatorId: '1999999999',
              productionDate: null,
            },
            payer: { name: 'UNITEDHEALTHCARE', address: null, id: PAYER_ID },
            payee: CLINIC_PAYEE,
            claims,
            providerAdjustments: [],
          },
          1,
        ),
      ],
    },
  ]);
}
