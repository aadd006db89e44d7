// 835 (005010X221A1) generator: writes a typed remittance as the body of an 835 transaction set
// (BPR .. PLB) with SegmentWriter. The sandbox payer answers claims with it, and the benchmarks
// build big files with it claim by claim (write835Header / write835Claim / write835Footer).
// What parse835 reads back from the output equals the input for every field the model carries.

import { centsOf } from '#shared/domain/money/cents';
import { x12Amount } from './money.ts';
import type {
  Address835,
  Adjustment835,
  Claim835,
  DateSpan835,
  Payee835,
  Payer835,
  Payment835,
  Procedure835,
  ProviderAdjustment835,
  ServiceLine835,
} from './remittance-835.ts';
import type { TransactionSetSpec } from './writer.ts';
import type { SegmentWriter } from './writer.ts';
import { writePatientName } from './patient-name-segment.ts';

export const X221A1 = '005010X221A1';

/** What the generator needs: the typed remittance without what the parser derives. */
export interface Remittance835Input {
  readonly payment: Payment835;
  readonly payer: Payer835;
  readonly payee: Payee835;
  readonly claims: readonly Claim835[];
  readonly providerAdjustments: readonly ProviderAdjustment835[];
}

/** The header loops: BPR, TRN, DTM*405, 1000A payer, 1000B payee. */
export function write835Header(
  writer: SegmentWriter,
  header: Pick<Remittance835Input, 'payment' | 'payer' | 'payee'>,
): void {
  const { payment, payer, payee } = header;
  if (payment.date === null) throw new RangeError('835 BPR16 payment date is required');
  writer.segment(
    'BPR',
    payment.handlingCode,
    x12Amount(centsOf(payment.totalAmount)),
    payment.creditDebitFlag,
    payment.method,
    ...Array<null>(11).fill(null),
    x12Date(payment.date),
  );
  writer.segment('TRN', '1', payment.traceNumber, payment.originatorId);
  if (payment.productionDate !== null)
    writer.segment('DTM', '405', x12Date(payment.productionDate));
  writer.segment('N1', 'PR', payer.name);
  writeAddress(writer, payer.address);
  if (payer.id !== null) writer.segment('REF', '2U', payer.id);
  writer.segment('N1', 'PE', payee.name, payee.idQualifier, payee.id);
  writeAddress(writer, payee.address);
  const taxIdInN1 = payee.idQualifier === 'FI' && payee.id === payee.taxId;
  if (payee.taxId !== null && !taxIdInN1) writer.segment('REF', 'TJ', payee.taxId);
}

/** One 2100 claim loop with its 2110 service lines. */
export function write835Claim(writer: SegmentWriter, claim: Claim835): void {
  writer.segment(
    'CLP',
    claim.patientControlNumber,
    claim.statusCode,
    amount(claim.chargeAmount),
    amount(claim.paidAmount),
    claim.patientResponsibilityAmount === null ? null : amount(claim.patientResponsibilityAmount),
    claim.claimFilingIndicator,
    claim.payerClaimControlNumber,
    claim.facilityCode,
    claim.frequencyCode,
  );
  writeAdjustments(writer, claim.adjustments);
  if (claim.patient !== null) writePatientName(writer, claim.patient);
  if (claim.remarkCodes.length > 5) {
    throw new RangeError('an 835 claim carries at most 5 remark codes (MOA03-MOA07)');
  }
  if (claim.remarkCodes.length > 0) writer.segment('MOA', null, null, ...claim.remarkCodes);
  for (const reference of claim.references) {
    writer.segment('REF', reference.qualifier, reference.value);
  }
  const dates = claim.serviceDates;
  if (dates?.from != null) writer.segment('DTM', '232', x12Date(dates.from));
  if (dates?.to != null) writer.segment('DTM', '233', x12Date(dates.to));
  if (claim.receivedDate !== null) writer.segment('DTM', '050', x12Date(claim.receivedDate));
  for (const line of claim.serviceLines) writeServiceLine(writer, line);
}

/** Every claim under one LX, then the PLB segments. */
export function write835(writer: SegmentWriter, remittance: Remittance835Input): void {
  write835Header(writer, remittance);
  if (remittance.claims.length > 0) writer.segment('LX', '1');
  for (const claim of remittance.claims) write835Claim(writer, claim);
  write835Footer(writer, remittance.providerAdjustments);
}

/**
 * PLB segments: consecutive adjustments of the same provider and fiscal period share a segment,
 * up to six reason/amount pairs each, so the parser reads them back in the same order.
 */
export function write835Footer(
  writer: SegmentWriter,
  adjustments: readonly ProviderAdjustment835[],
): void {
  let index = 0;
  while (index < adjustments.length) {
    const first = adjustments[index];
    if (first === undefined) break;
    if (first.fiscalPeriodDate === null)
      throw new RangeError('835 PLB02 fiscal period date is required');
    const pairs: (string | (string | null)[])[] = [];
    while (index < adjustments.length && pairs.length < 12) {
      const next = adjustments[index];
      if (
        next === undefined ||
        next.providerId !== first.providerId ||
        next.fiscalPeriodDate !== first.fiscalPeriodDate
      ) {
        break;
      }
      pairs.push([next.reason, next.reference], amount(next.amount));
      index++;
    }
    writer.segment('PLB', first.providerId, x12Date(first.fiscalPeriodDate), ...pairs);
  }
}

/** An 835 transaction set for writeInterchange (GS01 = HP, GS08 = 005010X221A1). */
export function transactionSet835(
  remittance: Remittance835Input,
  controlNumber: number,
): TransactionSetSpec {
  return {
    id: '835',
    controlNumber,
    implementationReference: X221A1,
    body: (writer) => write835(writer, remittance),
  };
}

function writeServiceLine(writer: SegmentWriter, line: ServiceLine835): void {
  writer.segment(
    'SVC',
    procedure({
      qualifier: line.procedureQualifier,
      code: line.procedureCode,
      modifiers: line.modifiers,
    }),
    amount(line.chargeAmount),
    amount(line.paidAmount),
    line.revenueCode,
    line.units,
    line.originalProcedure === null ? null : procedure(line.originalProcedure),
    line.originalUnits,
  );
  writeServiceDate(writer, line.serviceDate);
  writeAdjustments(writer, line.adjustments);
  if (line.lineItemControlNumber !== null) writer.segment('REF', '6R', line.lineItemControlNumber);
  if (line.allowedAmount !== null) writer.segment('AMT', 'B6', amount(line.allowedAmount));
  for (const remark of line.remarkCodes) writer.segment('LQ', 'HE', remark);
}

function writeServiceDate(writer: SegmentWriter, date: DateSpan835 | null): void {
  if (date === null) return;
  if (date.from !== null && date.from === date.to) {
    writer.segment('DTM', '472', x12Date(date.from));
    return;
  }
  if (date.from !== null) writer.segment('DTM', '150', x12Date(date.from));
  if (date.to !== null) writer.segment('DTM', '151', x12Date(date.to));
}

/** CAS segments: consecutive adjustments of one group share a segment, six triples at most. */
function writeAdjustments(writer: SegmentWriter, adjustments: readonly Adjustment835[]): void {
  let index = 0;
  while (index < adjustments.length) {
    const first = adjustments[index];
    if (first === undefined) break;
    const triples: (string | number | null)[] = [];
    let count = 0;
    while (index < adjustments.length && count < 6) {
      const next = adjustments[index];
      if (next === undefined || next.group !== first.group) break;
      triples.push(next.reason, amount(next.amount), next.quantity ?? null);
      count++;
      index++;
    }
    writer.segment('CAS', first.group, ...triples);
  }
}

function writeAddress(writer: SegmentWriter, address: Address835 | null): void {
  if (address === null) return;
  if (address.line1 !== null) writer.segment('N3', address.line1, address.line2);
  if (address.city !== null || address.state !== null || address.postalCode !== null) {
    writer.segment('N4', address.city, address.state, address.postalCode);
  }
}

function procedure(value: Procedure835): string[] {
  return [value.qualifier, value.code, ...value.modifiers];
}

function amount(money: string): string {
  return x12Amount(centsOf(money));
}

/** YYYY-MM-DD -> CCYYMMDD */
function x12Date(date: string): string {
  return date.replaceAll('-', '');
}
