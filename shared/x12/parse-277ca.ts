// 277CA claim acknowledgment (005010X214). Hierarchy by HL03: 20 information source (2000A),
// 21 information receiver = the submitter (2000B), 19 billing provider (2000C), PT patient/claim
// (2000D, 2200D) with optional service lines (2220D, SVC). Statuses sit at every level below the
// source, so a 2000B or 2000C rejection (no claim loops under it) is kept on that level for the
// caller to fan out to the claims of the batch or provider.
//
// Tolerated with a warning in the result: duplicate HL ids (a later HL with the same id wins for
// parent lookups), an HL02 that names no earlier HL (the claim is attached to the nearest open
// level above it).

import { x12Date, x12DateRange, type DateRange } from './dates.ts';
import { X12Error } from './errors.ts';
import type { X12Warning } from './interchange-reader.ts';
import { formatCents } from '#shared/domain/money/cents';
import { parseCents } from './money.ts';
import { components, element, type Segment } from './segment.ts';
import type { TransactionContext, TransactionParser } from './transaction-parser.ts';

/** One status composite (STC01, STC10 or STC11) with the segment-level data it shares. */
export interface ClaimStatus {
  /** C043-1, code source 507 (A1 received, A2 accepted, A3 returned unprocessable, A7 invalid...) */
  readonly categoryCode: string;
  /** C043-2, code source 508 */
  readonly statusCode: string;
  /** C043-3 entity (85 billing provider, 41 submitter, PR payer, ...); null when absent */
  readonly entityCode: string | null;
  /** C043-4 code list qualifier (e.g. RX for NCPDP reject codes) */
  readonly codeListQualifier: string | null;
  /** which element carried this composite */
  readonly source: 'STC01' | 'STC10' | 'STC11';
  /** STC02 as YYYY-MM-DD */
  readonly date: string | null;
  /** STC03: WQ accept / U reject in the TR3, but not reliable (decide on the category) */
  readonly actionCode: string | null;
  /** STC04 total charge of the claim or line, two-place decimal string */
  readonly chargeAmount: string | null;
  /** STC12 free-form message */
  readonly message: string | null;
}

export interface HierarchyLevel {
  /** HL01 */
  readonly hlId: string;
  /** HL02 */
  readonly parentHlId: string | null;
}

export interface Entity {
  /** NM101 entity id code (PR, AY, 41, 85, QC) */
  readonly entityCode: string;
  /** NM103 (organization or last name) */
  readonly name: string | null;
  /** NM104 */
  readonly firstName: string | null;
  /** NM108 id qualifier (XX = NPI, PI payer id, 46 ETIN, MI member id, FI tax id) */
  readonly idQualifier: string | null;
  /** NM109 */
  readonly id: string | null;
}

export interface InformationSource extends HierarchyLevel {
  readonly entity: Entity | null;
  /** 2200A TRN02 receipt control number */
  readonly traceNumber: string | null;
  /** DTP*050 received date */
  readonly receivedDate: string | null;
  /** DTP*009 process date */
  readonly processDate: string | null;
}

export interface Totals {
  /** QTY*90 (receiver) / QTY*QA (provider): accepted quantity */
  readonly acceptedQuantity: number | null;
  /** QTY*AA (receiver) / QTY*QC (provider): rejected quantity */
  readonly rejectedQuantity: number | null;
  /** AMT*YU accepted amount */
  readonly acceptedAmount: string | null;
  /** AMT*YY rejected amount */
  readonly rejectedAmount: string | null;
}

export interface InformationReceiver extends HierarchyLevel, Totals {
  readonly entity: Entity | null;
  /** 2200B TRN02: the submitter's batch trace (often the BHT03/ISA13 we sent) */
  readonly traceNumber: string | null;
  readonly statuses: ClaimStatus[];
}

export interface ProviderLevel extends HierarchyLevel, Totals {
  readonly entity: Entity | null;
  /** NM109 when NM108 = XX */
  readonly npi: string | null;
  /** 2200C TRN02 */
  readonly traceNumber: string | null;
  readonly statuses: ClaimStatus[];
  /** HL id of the receiver this provider sits under (null if unknown) */
  readonly receiverHlId: string | null;
}

export interface ServiceLineAcknowledgment {
  /** SVC01-1 (HC, NU, ...) */
  readonly procedureQualifier: string;
  /** SVC01-2 */
  readonly procedureCode: string;
  /** SVC01-3..6 */
  readonly modifiers: string[];
  /** SVC02 */
  readonly chargeAmount: string | null;
  /** SVC04 */
  readonly revenueCode: string | null;
  /** SVC07 */
  readonly units: string | null;
  /** REF*FJ: the line item control number we sent */
  readonly lineItemControlNumber: string | null;
  readonly serviceDates: DateRange | null;
  readonly statuses: ClaimStatus[];
}

export interface ClaimAcknowledgment extends HierarchyLevel {
  /** 2200D TRN02 = the CLM01 we sent; the primary correlation key */
  readonly patientControlNumber: string;
  /** REF*1K payer claim control number (= 835 CLP07) */
  readonly payerClaimControlNumber: string | null;
  /** REF*D9 echo of the clearinghouse trace we sent */
  readonly clearinghouseTraceNumber: string | null;
  /** REF*BLT institutional bill type */
  readonly billType: string | null;
  /** REF*EA medical record number */
  readonly medicalRecordNumber: string | null;
  readonly patient: Entity | null;
  readonly statuses: ClaimStatus[];
  /** STC04 of the first status segment */
  readonly chargeAmount: string | null;
  /** DTP*472 */
  readonly serviceDates: DateRange | null;
  /** the 2000C provider the claim sits under */
  readonly providerHlId: string | null;
  readonly providerNpi: string | null;
  readonly billingProvider: Entity | null;
  /** the 2000B receiver above that provider */
  readonly receiverHlId: string | null;
  readonly serviceLines: ServiceLineAcknowledgment[];
}

export interface ClaimAcknowledgment277 {
  readonly type: '277';
  /** ST02 */
  readonly controlNumber: string;
  /** ST03 (005010X214 for a 277CA) */
  readonly implementationReference: string | null;
  /** BHT03 */
  readonly referenceId: string | null;
  /** BHT04 as YYYY-MM-DD */
  readonly creationDate: string | null;
  /** BHT06 (TH = receipt acknowledgment) */
  readonly transactionTypeCode: string | null;
  readonly informationSources: InformationSource[];
  readonly receivers: InformationReceiver[];
  readonly providers: ProviderLevel[];
  readonly claims: ClaimAcknowledgment[];
  /** tolerated structural oddities (duplicate HL ids, unknown parents) */
  readonly warnings: X12Warning[];
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

type Level =
  | { kind: 'source'; value: Mutable<InformationSource> }
  | { kind: 'receiver'; value: Mutable<InformationReceiver> }
  | { kind: 'provider'; value: Mutable<ProviderLevel> }
  | { kind: 'claim'; value: Mutable<ClaimAcknowledgment> };

function locate(segment: Segment, position: number) {
  return { segment: segment.ordinal, segmentId: segment.id, position };
}

function optional(segment: Segment, n: number): string | null {
  const value = element(segment, n);
  return value === '' ? null : value;
}

function amount(segment: Segment, n: number): string | null {
  const value = element(segment, n);
  return value === '' ? null : formatCents(parseCents(value, locate(segment, n)));
}

function quantity(segment: Segment): number | null {
  const value = element(segment, 2);
  if (value === '') return null;
  const number = Number(value);
  if (!/^-?\d*\.?\d+$/.test(value) || !Number.isFinite(number)) {
    throw new X12Error('INVALID_ELEMENT', 'QTY02 is not a number', locate(segment, 2));
  }
  return number;
}

function entity(segment: Segment): Entity {
  return {
    entityCode: element(segment, 1),
    name: optional(segment, 3),
    firstName: optional(segment, 4),
    idQualifier: optional(segment, 8),
    id: optional(segment, 9),
  };
}

function statuses(segment: Segment): ClaimStatus[] {
  const date = element(segment, 2);
  const shared = {
    date: date === '' ? null : x12Date(date, locate(segment, 2)),
    actionCode: optional(segment, 3),
    chargeAmount: amount(segment, 4),
    message: optional(segment, 12),
  };
  const result: ClaimStatus[] = [];
  for (const [n, source] of [
    [1, 'STC01'],
    [10, 'STC10'],
    [11, 'STC11'],
  ] as const) {
    const parts = components(segment, n);
    if (parts.length === 0) {
      if (n === 1) {
        throw new X12Error('MISSING_ELEMENT', 'STC01 status is empty', locate(segment, 1));
      }
      continue;
    }
    const [categoryCode = '', statusCode = '', entityCode, codeListQualifier] = parts;
    if (categoryCode === '') {
      throw new X12Error(
        'MISSING_ELEMENT',
        `${source}-1 category code is empty`,
        locate(segment, n),
      );
    }
    result.push({
      categoryCode,
      statusCode,
      entityCode: entityCode === undefined || entityCode === '' ? null : entityCode,
      codeListQualifier:
        codeListQualifier === undefined || codeListQualifier === '' ? null : codeListQualifier,
      source,
      ...shared,
    });
  }
  return result;
}

function emptyTotals(): Mutable<Totals> {
  return {
    acceptedQuantity: null,
    rejectedQuantity: null,
    acceptedAmount: null,
    rejectedAmount: null,
  };
}

class Parser277ca implements TransactionParser<ClaimAcknowledgment277> {
  readonly #header: Segment;
  #bht: Segment | null = null;
  readonly #sources: Mutable<InformationSource>[] = [];
  readonly #receivers: Mutable<InformationReceiver>[] = [];
  readonly #providers: Mutable<ProviderLevel>[] = [];
  readonly #claims: Mutable<ClaimAcknowledgment>[] = [];
  readonly #warnings: X12Warning[] = [];
  readonly #byHlId = new Map<string, Level>();
  #level: Level | null = null;
  /** the HL segment that opened #level */
  #levelHl: Segment | null = null;
  #line: Mutable<ServiceLineAcknowledgment> | null = null;
  /** the most recent open provider and receiver, for HL02s that name no known parent */
  #provider: Mutable<ProviderLevel> | null = null;
  #receiver: Mutable<InformationReceiver> | null = null;

  constructor(context: TransactionContext) {
    this.#header = context.header;
  }

  segment(segment: Segment): void {
    if (segment.id === 'BHT') {
      if (this.#bht !== null || this.#level !== null) throw this.#unexpected(segment);
      this.#bht = segment;
      return;
    }
    if (segment.id === 'HL') {
      this.#hl(segment);
      return;
    }
    const level = this.#level;
    if (level === null) throw this.#unexpected(segment);
    switch (level.kind) {
      case 'source':
        this.#sourceSegment(segment, level.value);
        return;
      case 'receiver':
      case 'provider':
        this.#statusLevelSegment(segment, level.value);
        return;
      case 'claim':
        this.#claimSegment(segment, level.value);
        return;
    }
  }

  finish(): ClaimAcknowledgment277 {
    this.#closeLevel();
    const bht = this.#bht;
    const created = bht === null ? '' : element(bht, 4);
    return {
      type: '277',
      controlNumber: element(this.#header, 2).trim(),
      implementationReference: optional(this.#header, 3),
      referenceId: bht === null ? null : optional(bht, 3),
      creationDate: bht === null || created === '' ? null : x12Date(created, locate(bht, 4)),
      transactionTypeCode: bht === null ? null : optional(bht, 6),
      informationSources: this.#sources,
      receivers: this.#receivers,
      providers: this.#providers,
      claims: this.#claims,
      warnings: this.#warnings,
    };
  }

  #hl(segment: Segment): void {
    const hlId = element(segment, 1);
    if (hlId === '') throw new X12Error('MISSING_ELEMENT', 'HL01 is empty', locate(segment, 1));
    const parentHlId = optional(segment, 2);
    const levelCode = element(segment, 3);
    if (this.#byHlId.has(hlId)) {
      this.#warn(
        'INVALID_ELEMENT',
        `HL01 at segment ${segment.ordinal} repeats an earlier HL id`,
        segment,
        1,
      );
    }
    const parent = parentHlId === null ? undefined : this.#byHlId.get(parentHlId);
    if (parentHlId !== null && parent === undefined) {
      this.#warn(
        'INVALID_ELEMENT',
        `HL02 at segment ${segment.ordinal} names no earlier HL`,
        segment,
        2,
      );
    }
    this.#closeLevel();
    this.#line = null;
    let level: Level;
    switch (levelCode) {
      case '20': {
        const value = {
          hlId,
          parentHlId,
          entity: null,
          traceNumber: null,
          receivedDate: null,
          processDate: null,
        };
        this.#sources.push(value);
        level = { kind: 'source', value };
        break;
      }
      case '21': {
        const value = {
          hlId,
          parentHlId,
          entity: null,
          traceNumber: null,
          statuses: [],
          ...emptyTotals(),
        };
        this.#receivers.push(value);
        this.#receiver = value;
        this.#provider = null;
        level = { kind: 'receiver', value };
        break;
      }
      case '19': {
        const receiver = parent?.kind === 'receiver' ? parent.value : this.#receiver;
        const value = {
          hlId,
          parentHlId,
          entity: null,
          npi: null,
          traceNumber: null,
          statuses: [],
          receiverHlId: receiver?.hlId ?? null,
          ...emptyTotals(),
        };
        this.#providers.push(value);
        this.#provider = value;
        level = { kind: 'provider', value };
        break;
      }
      // 22/23 (subscriber/dependent) carry the claim in a 277 claim status response (X212),
      // which shares ST01 277; they are read like the 277CA's PT level.
      case 'PT':
      case '22':
      case '23': {
        const provider = parent?.kind === 'provider' ? parent.value : this.#provider;
        const value: Mutable<ClaimAcknowledgment> = {
          hlId,
          parentHlId,
          patientControlNumber: '',
          payerClaimControlNumber: null,
          clearinghouseTraceNumber: null,
          billType: null,
          medicalRecordNumber: null,
          patient: null,
          statuses: [],
          chargeAmount: null,
          serviceDates: null,
          providerHlId: provider?.hlId ?? null,
          providerNpi: provider?.npi ?? null,
          billingProvider: provider?.entity ?? null,
          receiverHlId: provider?.receiverHlId ?? null,
          serviceLines: [],
        };
        this.#claims.push(value);
        level = { kind: 'claim', value };
        break;
      }
      default:
        throw new X12Error(
          'INVALID_ELEMENT',
          'HL03 is not a 277 level code (20, 21, 19, 22, 23, PT)',
          locate(segment, 3),
        );
    }
    this.#byHlId.set(hlId, level);
    this.#level = level;
    this.#levelHl = segment;
  }

  /** A claim level without TRN (required in 2200D) cannot be matched; say so. */
  #closeLevel(): void {
    const level = this.#level;
    const hl = this.#levelHl;
    if (level?.kind === 'claim' && level.value.patientControlNumber === '' && hl !== null) {
      this.#warn(
        'MISSING_SEGMENT',
        `claim HL at segment ${hl.ordinal} has no TRN patient control number`,
        hl,
        0,
      );
    }
  }

  #sourceSegment(segment: Segment, source: Mutable<InformationSource>): void {
    switch (segment.id) {
      case 'NM1':
        source.entity = entity(segment);
        return;
      case 'TRN':
        source.traceNumber = optional(segment, 2);
        return;
      case 'DTP': {
        const date = x12DateRange(
          element(segment, 2),
          element(segment, 3),
          locate(segment, 3),
        ).from;
        if (element(segment, 1) === '050') source.receivedDate = date;
        else if (element(segment, 1) === '009') source.processDate = date;
        return;
      }
      default:
        this.#ignore(segment);
    }
  }

  #statusLevelSegment(
    segment: Segment,
    level: Mutable<InformationReceiver> | Mutable<ProviderLevel>,
  ): void {
    switch (segment.id) {
      case 'NM1': {
        const value = entity(segment);
        level.entity = value;
        if ('npi' in level) level.npi = value.idQualifier === 'XX' ? value.id : null;
        return;
      }
      case 'TRN':
        level.traceNumber = optional(segment, 2);
        return;
      case 'STC':
        level.statuses.push(...statuses(segment));
        return;
      case 'QTY': {
        const qualifier = element(segment, 1);
        if (qualifier === '90' || qualifier === 'QA') level.acceptedQuantity = quantity(segment);
        else if (qualifier === 'AA' || qualifier === 'QC')
          level.rejectedQuantity = quantity(segment);
        return;
      }
      case 'AMT': {
        const qualifier = element(segment, 1);
        if (qualifier === 'YU') level.acceptedAmount = amount(segment, 2);
        else if (qualifier === 'YY') level.rejectedAmount = amount(segment, 2);
        return;
      }
      default:
        this.#ignore(segment);
    }
  }

  #claimSegment(segment: Segment, claim: Mutable<ClaimAcknowledgment>): void {
    const line = this.#line;
    switch (segment.id) {
      case 'NM1':
        if (line !== null) throw this.#unexpected(segment);
        claim.patient = entity(segment);
        return;
      case 'TRN':
        if (line !== null) throw this.#unexpected(segment);
        claim.patientControlNumber = element(segment, 2);
        if (claim.patientControlNumber === '') {
          throw new X12Error(
            'MISSING_ELEMENT',
            'TRN02 patient control number is empty',
            locate(segment, 2),
          );
        }
        return;
      case 'STC': {
        const parsed = statuses(segment);
        if (line !== null) {
          line.statuses.push(...parsed);
        } else {
          if (claim.statuses.length === 0) claim.chargeAmount = parsed[0]?.chargeAmount ?? null;
          claim.statuses.push(...parsed);
        }
        return;
      }
      case 'REF': {
        const qualifier = element(segment, 1);
        const value = optional(segment, 2);
        if (line !== null) {
          if (qualifier === 'FJ') line.lineItemControlNumber = value;
        } else if (qualifier === '1K') claim.payerClaimControlNumber = value;
        else if (qualifier === 'D9') claim.clearinghouseTraceNumber = value;
        else if (qualifier === 'BLT') claim.billType = value;
        else if (qualifier === 'EA') claim.medicalRecordNumber = value;
        return;
      }
      case 'DTP': {
        if (element(segment, 1) !== '472') return;
        const dates = x12DateRange(element(segment, 2), element(segment, 3), locate(segment, 3));
        if (line !== null) line.serviceDates = dates;
        else claim.serviceDates = dates;
        return;
      }
      case 'SVC': {
        const [procedureQualifier = '', procedureCode = '', ...modifiers] = components(segment, 1);
        const value: Mutable<ServiceLineAcknowledgment> = {
          procedureQualifier,
          procedureCode,
          modifiers: modifiers.slice(0, 4).filter((modifier) => modifier !== ''),
          chargeAmount: amount(segment, 2),
          revenueCode: optional(segment, 4),
          units: optional(segment, 7),
          lineItemControlNumber: null,
          serviceDates: null,
          statuses: [],
        };
        claim.serviceLines.push(value);
        this.#line = value;
        return;
      }
      default:
        this.#ignore(segment);
    }
  }

  /** Segments of the TR3 that carry nothing we keep (PER, N3...) pass; anything else is an error. */
  #ignore(segment: Segment): void {
    if (!KNOWN_SEGMENTS.has(segment.id)) throw this.#unexpected(segment);
  }

  #warn(code: X12Warning['code'], message: string, segment: Segment, position: number): void {
    this.#warnings.push({
      code,
      message,
      segment: segment.ordinal,
      segmentId: segment.id,
      position,
    });
  }

  #unexpected(segment: Segment): X12Error {
    return new X12Error(
      'UNEXPECTED_SEGMENT',
      `277CA segment ${segment.ordinal}: ${segment.id} is not expected here`,
      locate(segment, 0),
    );
  }
}

/** Segments the X214 allows that this parser does not need. */
const KNOWN_SEGMENTS: ReadonlySet<string> = new Set([
  'NM1',
  'TRN',
  'STC',
  'QTY',
  'AMT',
  'REF',
  'DTP',
  'PER',
  'N3',
  'N4',
  'SVC',
]);

export function create277caParser(
  context: TransactionContext,
): TransactionParser<ClaimAcknowledgment277> {
  return new Parser277ca(context);
}
