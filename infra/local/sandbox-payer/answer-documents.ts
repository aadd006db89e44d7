// The typed 277CA and 835 content of the sandbox payer's answers, built from the inbound claims
// and their adjudication; generate-277ca.ts and generate-835.ts turn them into X12.

import type { ClaimOutcome } from './adjudication.ts';
import type { InboundClaim } from './inbound-claim.ts';
import type {
  Claim277Input,
  ClaimAcknowledgment277Input,
  Provider277Input,
  Status277Input,
} from '#shared/x12/generate-277ca';
import type { Remittance835Input } from '#shared/x12/generate-835';
import { formatCents } from '#shared/domain/money/cents';
import type { Claim835, ServiceLine835 } from '#shared/x12/remittance-835';

/** TRN03 of the sandbox's 835s: "1" and a placeholder tax id. */
const SANDBOX_ORIGINATOR = '1999999999';
const SANDBOX_PAYER_ADDRESS = {
  line1: '1 SANDBOX WAY',
  line2: null,
  city: 'PORTLAND',
  state: 'OR',
  postalCode: '97201',
};

/** A claim on its way through the sandbox, with the number the payer gave it. */
export interface ClaimInProcess {
  readonly claim: InboundClaim;
  /** REF*1K / CLP07 */
  readonly payerClaimControlNumber: string;
}

export interface ClaimStatusChoice {
  readonly item: ClaimInProcess;
  readonly status: Status277Input['status'];
}

export interface Acknowledgment277Context {
  readonly referenceId: string;
  readonly createdAt: Date;
  readonly receivedAt: Date;
  /** 2000B: the submitter (the inbound interchange's sender) */
  readonly receiverName: string;
  readonly receiverId: string;
  /** 2200B/2200C TRN02: the inbound ISA13 */
  readonly batchTrace: string;
  /** 2200A TRN02 */
  readonly receiptTrace: string;
}

/** One 277 (X214 layout) per payer: every claim under its billing provider. */
export function claimAcknowledgments(
  claims: readonly ClaimStatusChoice[],
  context: Acknowledgment277Context,
): ClaimAcknowledgment277Input[] {
  const date = isoDate(context.createdAt);
  const byPayer = groupBy(claims, ({ item }) => item.claim.payer.id);
  return [...byPayer.values()].map((payerClaims) => {
    const payer = payerClaims[0]?.item.claim.payer ?? { name: 'PAYER', id: 'SANDBOX' };
    const byProvider = groupBy(payerClaims, ({ item }) => item.claim.billingProvider.npi);
    const providers: Provider277Input[] = [...byProvider.values()].map((providerClaims) => {
      const provider = providerClaims[0]?.item.claim.billingProvider ?? { name: '', npi: '' };
      return {
        name: provider.name,
        npi: provider.npi,
        traceNumber: context.batchTrace,
        statuses: [{ status: RECEIPT, date }],
        claims: providerClaims.map(({ item, status }) => claim277(item, status, date)),
      };
    });
    return {
      referenceId: context.referenceId,
      createdAt: context.createdAt,
      source: {
        name: payer.name,
        id: payer.id,
        traceNumber: context.receiptTrace,
        receivedDate: isoDate(context.receivedAt),
        processDate: date,
      },
      receivers: [
        {
          name: context.receiverName,
          id: context.receiverId,
          traceNumber: context.batchTrace,
          statuses: [{ status: RECEIPT, date }],
          providers,
        },
      ],
    };
  });
}

/** 2200B/2200C status: A1:19:PR "entity acknowledges receipt of claim/encounter" (corpus). */
const RECEIPT = { categoryCode: 'A1', statusCode: '19', entityCode: 'PR' };

function claim277(
  item: ClaimInProcess,
  status: Status277Input['status'],
  date: string,
): Claim277Input {
  const { claim } = item;
  return {
    patientControlNumber: claim.patientControlNumber,
    patient: {
      lastName: claim.patient.lastName,
      firstName: claim.patient.firstName,
      idQualifier: 'MI',
      id: claim.memberId === '' ? null : claim.memberId,
    },
    statuses: [{ status, date, chargeAmount: formatCents(claim.chargeCents) }],
    payerClaimControlNumber: item.payerClaimControlNumber,
    clearinghouseTraceNumber: claim.traceNumber,
    billType:
      claim.variant === 'institutional' && claim.facilityCode !== null
        ? `${claim.facilityCode}${claim.frequencyCode ?? '1'}`
        : null,
    serviceDates: claimServiceDates(claim),
  };
}

function claimServiceDates(claim: InboundClaim): { from: string; to: string } | null {
  if (claim.statementFrom !== null) {
    return { from: claim.statementFrom, to: claim.statementTo ?? claim.statementFrom };
  }
  const froms = claim.lines.flatMap((line) =>
    line.serviceFrom === null ? [] : [line.serviceFrom],
  );
  const tos = claim.lines.flatMap((line) => (line.serviceTo === null ? [] : [line.serviceTo]));
  const from = froms.toSorted()[0];
  const to = tos.toSorted().at(-1);
  return from === undefined || to === undefined ? null : { from, to };
}

export interface RemittanceClaim {
  readonly item: ClaimInProcess;
  readonly outcome: ClaimOutcome;
}

export interface RemittanceContext {
  readonly paidAt: Date;
  readonly receivedAt: Date;
  /** TRN02 stem; the payer/payee index is appended */
  readonly traceStem: string;
}

/** One 835 per payer and payee (one payment each), claims in the order given. */
export function remittances(
  claims: readonly RemittanceClaim[],
  context: RemittanceContext,
): Remittance835Input[] {
  const groups = groupBy(
    claims,
    ({ item }) => `${item.claim.payer.id}\u0000${item.claim.billingProvider.npi}`,
  );
  return [...groups.values()].map((group, index) => {
    const first = group[0]?.item.claim;
    const total = group.reduce((sum, { outcome }) => sum + outcome.paidCents, 0);
    const date = isoDate(context.paidAt);
    return {
      payment: {
        totalAmount: formatCents(total),
        creditDebitFlag: 'C',
        // remittance information only (no bank fields to invent); notification only when nothing is paid
        handlingCode: total === 0 ? 'H' : 'I',
        method: total === 0 ? 'NON' : 'CHK',
        date,
        traceNumber: `${context.traceStem}${index + 1}`,
        originatorId: SANDBOX_ORIGINATOR,
        productionDate: date,
      },
      payer: {
        name: first?.payer.name ?? 'PAYER',
        address: SANDBOX_PAYER_ADDRESS,
        id: first?.payer.id ?? null,
      },
      payee: {
        name: first?.billingProvider.name ?? 'PROVIDER',
        address: null,
        idQualifier: 'XX',
        id: first?.billingProvider.npi ?? null,
        npi: first?.billingProvider.npi ?? null,
        taxId: first?.billingProvider.taxId ?? null,
      },
      claims: group.map(({ item, outcome }) => claim835(item, outcome, context)),
      providerAdjustments: [],
    };
  });
}

function claim835(
  item: ClaimInProcess,
  outcome: ClaimOutcome,
  context: RemittanceContext,
): Claim835 {
  const { claim } = item;
  return {
    patientControlNumber: claim.patientControlNumber,
    statusCode: outcome.statusCode,
    chargeAmount: formatCents(outcome.chargeCents),
    paidAmount: formatCents(outcome.paidCents),
    patientResponsibilityAmount: formatCents(outcome.patientResponsibilityCents),
    claimFilingIndicator: claim.claimFilingCode,
    payerClaimControlNumber: item.payerClaimControlNumber,
    facilityCode: claim.facilityCode,
    frequencyCode: claim.frequencyCode,
    adjustments: [],
    remarkCodes: outcome.remarkCodes,
    patient: {
      lastName: claim.patient.lastName,
      firstName: claim.patient.firstName,
      idQualifier: claim.memberId === '' ? null : 'MI',
      id: claim.memberId === '' ? null : claim.memberId,
    },
    references: [],
    serviceDates:
      claim.statementFrom === null ? null : { from: claim.statementFrom, to: claim.statementTo },
    receivedDate: isoDate(context.receivedAt),
    serviceLines: claim.lines.map((line, index): ServiceLine835 => {
      const lineOutcome = outcome.lines[index];
      const units = line.units === null ? null : Number(line.units);
      return {
        procedureQualifier: line.procedureQualifier,
        procedureCode: line.procedureCode,
        modifiers: line.modifiers,
        chargeAmount: formatCents(lineOutcome?.chargeCents ?? 0),
        paidAmount: formatCents(lineOutcome?.paidCents ?? 0),
        revenueCode: line.revenueCode,
        units: units !== null && Number.isFinite(units) ? units : null,
        originalProcedure: null,
        originalUnits: null,
        serviceDate:
          line.serviceFrom === null ? null : { from: line.serviceFrom, to: line.serviceTo },
        lineItemControlNumber: line.lineItemControlNumber,
        allowedAmount:
          lineOutcome?.allowedCents == null ? null : formatCents(lineOutcome.allowedCents),
        adjustments: lineOutcome?.adjustments ?? [],
        remarkCodes: lineOutcome?.remarkCodes ?? [],
      };
    }),
  };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const name = key(item);
    const list = groups.get(name);
    if (list === undefined) groups.set(name, [item]);
    else list.push(item);
  }
  return groups;
}

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}
