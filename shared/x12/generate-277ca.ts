// 277CA claim acknowledgment (005010X214) generator: the sandbox payer's answer to the claims of
// an 837. Levels: 2000A information source (payer, NM1*PR), 2000B information receiver (the
// submitter, NM1*41), 2000C billing provider (NM1*85, XX NPI), 2000D patient (NM1*QC) with the
// claim's 2200D statuses and, optionally, 2220D service lines. The receiver and provider totals
// (QTY/AMT) are computed from the claims' categories, so they can never disagree with them.
// parse277ca reads back what this writes (statuses, trace ids, charges, dates).

import { x12Amount } from './money.ts';
import { centsOf } from '#shared/domain/money/cents';
import type { SegmentWriter, TransactionSetSpec } from './writer.ts';
import { ccyymmdd, hhmm } from './writer.ts';
import { writePatientName } from './patient-name-segment.ts';

export const X214 = '005010X214';

/** One STC composite: category (code source 507), status (508), optional entity. */
export interface StatusCode277 {
  readonly categoryCode: string;
  readonly statusCode: string;
  readonly entityCode?: string;
}

/** One STC segment: STC01 and up to two more composites (STC10, STC11). */
export interface Status277Input {
  readonly status: StatusCode277;
  readonly additional?: readonly StatusCode277[];
  /** STC02 YYYY-MM-DD */
  readonly date: string;
  /** STC03: WQ accepted, U rejected; derived from the category when absent */
  readonly actionCode?: 'WQ' | 'U';
  /** STC04: total charge (two-place decimal string) */
  readonly chargeAmount?: string;
  /** STC12 free-form message */
  readonly message?: string;
}

export interface DateSpan277 {
  /** YYYY-MM-DD */
  readonly from: string;
  /** YYYY-MM-DD; equal to from for a single day */
  readonly to: string;
}

export interface ServiceLine277Input {
  /** SVC01-1: HC, NU, ... */
  readonly procedureQualifier: string;
  readonly procedureCode: string;
  readonly modifiers?: readonly string[];
  /** SVC02 */
  readonly chargeAmount: string;
  /** SVC04 revenue code (institutional) */
  readonly revenueCode?: string | null;
  /** SVC07 units */
  readonly units?: string | null;
  readonly statuses: readonly Status277Input[];
  /** REF*FJ: the 837 line item control number */
  readonly lineItemControlNumber?: string | null;
  readonly serviceDates?: DateSpan277 | null;
}

export interface Claim277Input {
  /** 2200D TRN02: the 837 CLM01 exactly */
  readonly patientControlNumber: string;
  readonly patient: {
    readonly lastName: string;
    readonly firstName?: string | null;
    /** NM108, e.g. MI member id */
    readonly idQualifier?: string | null;
    readonly id?: string | null;
  };
  /** at least one; the first STC decides whether the claim counts as accepted or rejected */
  readonly statuses: readonly Status277Input[];
  /** REF*1K payer claim control number (= 835 CLP07) */
  readonly payerClaimControlNumber?: string | null;
  /** REF*D9: echo of the clearinghouse trace number of the 837 (only when it was sent) */
  readonly clearinghouseTraceNumber?: string | null;
  /** REF*BLT institutional bill type */
  readonly billType?: string | null;
  /** DTP*472 claim service dates */
  readonly serviceDates?: DateSpan277 | null;
  readonly serviceLines?: readonly ServiceLine277Input[];
}

/** A receiver's or a provider's level: its name (NM103), trace (TRN02) and own statuses. */
interface Level277Input {
  readonly name: string;
  readonly traceNumber: string;
  /** STCs of the level itself (a level rejected as a whole then carries nothing below it) */
  readonly statuses?: readonly Status277Input[];
}

/** 2000C: traceNumber is 2200C TRN02. */
export interface Provider277Input extends Level277Input {
  readonly npi: string;
  readonly claims: readonly Claim277Input[];
}

/** 2000B: traceNumber is 2200B TRN02, the submitter's batch trace. */
export interface Receiver277Input extends Level277Input {
  /** NM108: 46 (ETIN) */
  readonly idQualifier?: string;
  readonly id: string;
  readonly providers: readonly Provider277Input[];
}

export interface ClaimAcknowledgment277Input {
  /** BHT03 */
  readonly referenceId: string;
  /** BHT04/BHT05 (UTC) */
  readonly createdAt: Date;
  readonly source: {
    readonly name: string;
    /** NM108: PI payer id, 46 ETIN */
    readonly idQualifier?: string;
    readonly id: string;
    /** 2200A TRN02 receipt control number */
    readonly traceNumber: string;
    /** DTP*050 YYYY-MM-DD */
    readonly receivedDate: string;
    /** DTP*009 YYYY-MM-DD */
    readonly processDate: string;
  };
  readonly receivers: readonly Receiver277Input[];
}

/** Categories that count as rejected in the 2200B/2200C totals (X12.md section 5). */
const REJECTED_CATEGORIES: ReadonlySet<string> = new Set(['A3', 'A4', 'A6', 'A7', 'A8']);

export function isRejectedCategory(categoryCode: string): boolean {
  return REJECTED_CATEGORIES.has(categoryCode);
}

/** The 277CA transaction set for writeInterchange (GS01 = HN, GS08 = 005010X214). */
export function transactionSet277ca(
  input: ClaimAcknowledgment277Input,
  controlNumber: number,
): TransactionSetSpec {
  return {
    id: '277',
    controlNumber,
    implementationReference: X214,
    body: (writer) => write277ca(writer, input),
  };
}

/** The body of one 277CA transaction set (BHT .. last 2220D). */
export function write277ca(writer: SegmentWriter, input: ClaimAcknowledgment277Input): void {
  const { source } = input;
  writer.segment(
    'BHT',
    '0085',
    '08',
    input.referenceId,
    ccyymmdd(input.createdAt),
    hhmm(input.createdAt),
    'TH',
  );
  let hl = 1;
  const sourceHl = hl;
  writer.segment('HL', sourceHl, null, '20', '1');
  writer.segment(
    'NM1',
    'PR',
    '2',
    source.name,
    null,
    null,
    null,
    null,
    source.idQualifier ?? 'PI',
    source.id,
  );
  writer.segment('TRN', '1', source.traceNumber);
  writer.segment('DTP', '050', 'D8', x12Date(source.receivedDate));
  writer.segment('DTP', '009', 'D8', x12Date(source.processDate));
  for (const receiver of input.receivers) {
    const receiverHl = ++hl;
    const receiverClaims = receiver.providers.flatMap((provider) => provider.claims);
    writer.segment('HL', receiverHl, sourceHl, '21', receiver.providers.length > 0 ? '1' : '0');
    writer.segment(
      'NM1',
      '41',
      '2',
      receiver.name,
      null,
      null,
      null,
      null,
      receiver.idQualifier ?? '46',
      receiver.id,
    );
    writer.segment('TRN', '2', receiver.traceNumber);
    for (const status of receiver.statuses ?? []) writeStatus(writer, status);
    writeTotals(writer, receiverClaims, ['90', 'AA']);
    for (const provider of receiver.providers) {
      const providerHl = ++hl;
      writer.segment('HL', providerHl, receiverHl, '19', provider.claims.length > 0 ? '1' : '0');
      writer.segment('NM1', '85', '2', provider.name, null, null, null, null, 'XX', provider.npi);
      writer.segment('TRN', '1', provider.traceNumber);
      for (const status of provider.statuses ?? []) writeStatus(writer, status);
      writeTotals(writer, provider.claims, ['QA', 'QC']);
      for (const claim of provider.claims) {
        writeClaim(writer, claim, ++hl, providerHl);
      }
    }
  }
}

function writeClaim(
  writer: SegmentWriter,
  claim: Claim277Input,
  hlId: number,
  parentHlId: number,
): void {
  if (claim.statuses.length === 0) throw new RangeError('a 277CA claim needs at least one STC');
  writer.segment('HL', hlId, parentHlId, 'PT');
  const patient = claim.patient;
  writePatientName(writer, {
    ...patient,
    idQualifier: patient.id == null ? null : (patient.idQualifier ?? 'MI'),
  });
  writer.segment('TRN', '2', claim.patientControlNumber);
  for (const status of claim.statuses) writeStatus(writer, status);
  if (claim.payerClaimControlNumber != null)
    writer.segment('REF', '1K', claim.payerClaimControlNumber);
  if (claim.clearinghouseTraceNumber != null)
    writer.segment('REF', 'D9', claim.clearinghouseTraceNumber);
  if (claim.billType != null) writer.segment('REF', 'BLT', claim.billType);
  writeServiceDates(writer, claim.serviceDates);
  for (const line of claim.serviceLines ?? []) {
    writer.segment(
      'SVC',
      [line.procedureQualifier, line.procedureCode, ...(line.modifiers ?? [])],
      amount(line.chargeAmount),
      null,
      line.revenueCode,
      null,
      null,
      line.units,
    );
    for (const status of line.statuses) writeStatus(writer, status);
    if (line.lineItemControlNumber != null) writer.segment('REF', 'FJ', line.lineItemControlNumber);
    writeServiceDates(writer, line.serviceDates);
  }
}

function writeStatus(writer: SegmentWriter, status: Status277Input): void {
  const additional = status.additional ?? [];
  if (additional.length > 2) throw new RangeError('an STC carries at most three status composites');
  const composite = (code: StatusCode277) => [code.categoryCode, code.statusCode, code.entityCode];
  writer.segment(
    'STC',
    composite(status.status),
    x12Date(status.date),
    status.actionCode ?? (isRejectedCategory(status.status.categoryCode) ? 'U' : 'WQ'),
    status.chargeAmount === undefined ? null : amount(status.chargeAmount),
    null,
    null,
    null,
    null,
    null,
    additional[0] === undefined ? null : composite(additional[0]),
    additional[1] === undefined ? null : composite(additional[1]),
    status.message,
  );
}

/** QTY/AMT of accepted and rejected claims, each only when non-zero (X214 situational rule). */
function writeTotals(
  writer: SegmentWriter,
  claims: readonly Claim277Input[],
  [acceptedQualifier, rejectedQualifier]: readonly [string, string],
): void {
  let accepted = 0;
  let rejected = 0;
  let acceptedCents = 0;
  let rejectedCents = 0;
  for (const claim of claims) {
    const first = claim.statuses[0];
    if (first === undefined) continue;
    const cents = first.chargeAmount === undefined ? 0 : centsOf(first.chargeAmount);
    if (isRejectedCategory(first.status.categoryCode)) {
      rejected++;
      rejectedCents += cents;
    } else {
      accepted++;
      acceptedCents += cents;
    }
  }
  if (accepted > 0) writer.segment('QTY', acceptedQualifier, accepted);
  if (rejected > 0) writer.segment('QTY', rejectedQualifier, rejected);
  if (accepted > 0) writer.segment('AMT', 'YU', x12Amount(acceptedCents));
  if (rejected > 0) writer.segment('AMT', 'YY', x12Amount(rejectedCents));
}

function writeServiceDates(writer: SegmentWriter, dates: DateSpan277 | null | undefined): void {
  if (dates == null) return;
  if (dates.from === dates.to) writer.segment('DTP', '472', 'D8', x12Date(dates.from));
  else writer.segment('DTP', '472', 'RD8', `${x12Date(dates.from)}-${x12Date(dates.to)}`);
}

function amount(money: string): string {
  return x12Amount(centsOf(money));
}

/** YYYY-MM-DD -> CCYYMMDD */
function x12Date(date: string): string {
  return date.replaceAll('-', '');
}
