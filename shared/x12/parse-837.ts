// 837P (X222A1) and 837I (X223A2) transaction sets back to the API's claim JSON, for batch
// uploads: every 2300 claim becomes one claim object in the Professional Claims v3 or
// Institutional Claims v1 request shape, so one validator serves the API and the batch intake.
// The hierarchy (billing provider > subscriber > patient > claims) is copied into each claim.
// Data our shape cannot carry (COB 2320/2330 loops, pay-to loops, line providers, ambulance, ...)
// is never dropped silently: every such segment is listed in the claim's `unsupported`, and the
// intake refuses those claims with a clear error.

import { X12Error, type X12ErrorCode } from './errors.ts';
import { parseCents, x12Amount } from './money.ts';
import type { Segment } from './segment.ts';
import type {
  TransactionContext,
  TransactionParser,
  TransactionParserFactory,
} from './transaction-parser.ts';

/** A JSON object in the API's claim shape, not yet validated (values are as the file has them). */
export type ClaimJson = { [key: string]: ClaimJsonValue };
export type ClaimJsonValue = string | ClaimJson | ClaimJsonValue[];

/** A segment (or one element of it) that the claim shape cannot carry. */
export interface UnsupportedSegment {
  /** TR3 loop id, e.g. 2320 */
  readonly loop: string;
  readonly segmentId: string;
  /** 1-based segment position in the file */
  readonly ordinal: number;
  /** element position when only one element of a supported segment is concerned */
  readonly element?: number;
}

export interface Parsed837Claim {
  readonly claim: ClaimJson;
  readonly unsupported: UnsupportedSegment[];
  /** 2300 REF*D9 of the file (the submitter's clearinghouse trace number), replaced by ours */
  readonly traceNumber?: string;
}

export interface Warning837 {
  readonly code: X12ErrorCode;
  readonly segment: number;
  readonly segmentId: string;
  readonly position: number;
  readonly message: string;
}

export type ClaimVariant = 'professional' | 'institutional';

export interface Claims837 {
  readonly type: '837';
  /** ST02 */
  readonly controlNumber: string;
  /** ST03 */
  readonly implementationReference: string;
  readonly variant: ClaimVariant;
  readonly claims: Parsed837Claim[];
  /** tolerated defects: version labels, GS08/ST03 mismatch */
  readonly warnings: Warning837[];
}

// ---------------------------------------------------------------------------------------------
// Small helpers

function at(segment: Segment, n: number): string {
  return segment.elements[n] ?? '';
}

/** True when element n and every element after it are empty (trailing empties may be present). */
function emptyFrom(segment: Segment, n: number): boolean {
  for (let index = n; index < segment.elements.length; index++) {
    if (segment.elements[index] !== '') return false;
  }
  return true;
}

function componentsOf(segment: Segment, n: number): string[] {
  const value = segment.elements[n];
  return value === undefined || value === '' ? [] : value.split(segment.delimiters.component);
}

/** Sets a key only for a non-empty value, so absent X12 elements stay absent in the JSON. */
function put(target: ClaimJson, key: string, value: ClaimJsonValue | undefined): void {
  if (value !== undefined && value !== '') target[key] = value;
}

/** The SV101 / SV202 composite: qualifier, code, up to four modifiers, description. */
function putProcedure(service: ClaimJson, segment: Segment, n: number): void {
  const [identifier = '', code = '', m1 = '', m2 = '', m3 = '', m4 = '', description = ''] =
    componentsOf(segment, n);
  put(service, 'procedureIdentifier', identifier);
  put(service, 'procedureCode', code);
  const modifiers = [m1, m2, m3, m4].filter((modifier) => modifier !== '');
  if (modifiers.length > 0) service.procedureModifiers = modifiers;
  put(service, 'description', description);
}

function child(target: ClaimJson, key: string): ClaimJson {
  const existing = target[key];
  if (existing !== undefined && typeof existing === 'object' && !Array.isArray(existing)) {
    return existing;
  }
  const created: ClaimJson = {};
  target[key] = created;
  return created;
}

function listOf(target: ClaimJson, key: string): ClaimJsonValue[] {
  const existing = target[key];
  if (Array.isArray(existing)) return existing;
  const created: ClaimJsonValue[] = [];
  target[key] = created;
  return created;
}

function canonicalAmount(segment: Segment, n: number): string | undefined {
  const value = at(segment, n);
  if (value === '') return undefined;
  return x12Amount(
    parseCents(value, { segment: segment.ordinal, segmentId: segment.id, position: n }),
  );
}

/** NM1 names: NM102=2 organisation, else person. */
function putName(target: ClaimJson, segment: Segment, allowPerson = true): boolean {
  if (at(segment, 2) === '2') {
    put(target, 'organizationName', at(segment, 3));
    return true;
  }
  if (!allowPerson) return false;
  put(target, 'lastName', at(segment, 3));
  put(target, 'firstName', at(segment, 4));
  put(target, 'middleName', at(segment, 5));
  put(target, 'suffix', at(segment, 7));
  return true;
}

function putAddressLine(target: ClaimJson, segment: Segment): void {
  const address = child(target, 'address');
  put(address, 'address1', at(segment, 1));
  put(address, 'address2', at(segment, 2));
}

/** N4; false when it carries elements our US-only address shape lacks (country, subdivision). */
function putAddressCity(target: ClaimJson, segment: Segment): boolean {
  const address = child(target, 'address');
  put(address, 'city', at(segment, 1));
  put(address, 'state', at(segment, 2));
  put(address, 'postalCode', at(segment, 3));
  return emptyFrom(segment, 4);
}

/** PER*IC pairs into contactInformation; false for qualifiers the shape lacks. */
function putContact(target: ClaimJson, segment: Segment, extension: boolean): boolean {
  const contact = child(target, 'contactInformation');
  put(contact, 'name', at(segment, 2));
  let known = at(segment, 1) === 'IC';
  for (let n = 3; n <= 7; n += 2) {
    const qualifier = at(segment, n);
    const value = at(segment, n + 1);
    if (qualifier === '') continue;
    if (qualifier === 'TE') put(contact, 'phoneNumber', value);
    else if (qualifier === 'EM') put(contact, 'email', value);
    else if (qualifier === 'FX') put(contact, 'faxNumber', value);
    else if (qualifier === 'EX' && extension) put(contact, 'phoneExtension', value);
    else known = false;
  }
  return known;
}

/** D8 or RD8 date into one or two keys. */
function putDates(target: ClaimJson, segment: Segment, startKey: string, endKey: string): void {
  const value = at(segment, 3);
  if (at(segment, 2) === 'RD8') {
    const [start = '', end = ''] = value.split('-');
    put(target, startKey, start);
    put(target, endKey, end);
  } else {
    put(target, startKey, value);
  }
}

// ---------------------------------------------------------------------------------------------
// Field maps (the inverse of the generators' tables)

const PROFESSIONAL_DATES: Readonly<Record<string, string>> = {
  '431': 'symptomDate',
  '454': 'initialTreatmentDate',
  '304': 'lastSeenDate',
  '453': 'acuteManifestationDate',
  '439': 'accidentDate',
  '484': 'lastMenstrualPeriodDate',
  '455': 'lastXRayDate',
  '471': 'hearingAndVisionPrescriptionDate',
  '360': 'disabilityBeginDate',
  '361': 'disabilityEndDate',
  '297': 'lastWorkedDate',
  '296': 'authorizedReturnToWorkDate',
  '435': 'admissionDate',
  '096': 'dischargeDate',
  '090': 'assumedAndRelinquishedCareBeginDate',
  '091': 'assumedAndRelinquishedCareEndDate',
  '444': 'firstContactDate',
};

const CLAIM_REFERENCES: Readonly<Record<string, string>> = {
  '9F': 'referralNumber',
  G1: 'priorAuthorizationNumber',
  F8: 'claimControlNumber',
  EA: 'medicalRecordNumber',
};

/** CLM elements each variant maps; any other non-empty CLM element is reported unsupported. */
const CLM_ELEMENTS: Readonly<Record<ClaimVariant, readonly number[]>> = {
  professional: [1, 2, 5, 6, 7, 8, 9, 20],
  institutional: [1, 2, 5, 7, 8, 9, 20],
};
const SV1_ELEMENTS = [1, 2, 3, 4, 5, 7, 9, 11, 12, 15];
const SV2_ELEMENTS = [1, 2, 3, 4, 5, 7];

// ---------------------------------------------------------------------------------------------
// The parser

type Level = 'header' | 'billing' | 'subscriber' | 'patient' | 'claim';

interface ClaimUnderConstruction {
  readonly claim: ClaimJson;
  readonly info: ClaimJson;
  readonly unsupported: UnsupportedSegment[];
  traceNumber?: string;
  line: ClaimJson | null;
}

/** Detects the variant from ST03, falling back on GS08, and notes label defects. */
function detectVariant(
  context: TransactionContext,
  warnings: Warning837[],
): { variant: ClaimVariant; reference: string } {
  const header = context.header;
  const reference = at(header, 3);
  const groupVersion = context.group.version;
  const variantOf = (label: string): ClaimVariant | null =>
    label.includes('X222') ? 'professional' : label.includes('X223') ? 'institutional' : null;
  const fromSet = variantOf(reference);
  const fromGroup = variantOf(groupVersion);
  const variant = fromSet ?? fromGroup;
  const warn = (message: string, position: number): void => {
    warnings.push({
      code: 'INVALID_ELEMENT',
      segment: header.ordinal,
      segmentId: 'ST',
      position,
      message,
    });
  };
  if (variant === null) {
    throw new X12Error(
      'UNSUPPORTED_TRANSACTION',
      'ST03/GS08 name neither X222 (837P) nor X223 (837I)',
      {
        segment: header.ordinal,
        segmentId: 'ST',
        position: 3,
      },
    );
  }
  if (fromSet !== null && fromGroup !== null && fromSet !== fromGroup) {
    warn('ST03 and GS08 name different 837 implementations; ST03 is used', 3);
  }
  const expected = variant === 'professional' ? '005010X222A1' : '005010X223A2';
  if ((reference || groupVersion) !== expected) {
    warn(`implementation reference is not ${expected}; parsed as ${variant}`, 3);
  }
  return { variant, reference: reference || groupVersion };
}

class Claim837Parser implements TransactionParser<Claims837> {
  readonly #controlNumber: string;
  readonly #variant: ClaimVariant;
  readonly #reference: string;
  readonly #warnings: Warning837[];
  readonly #claims: Parsed837Claim[] = [];

  // Hierarchy state: each level's JSON and the unsupported segments seen at that level.
  #loop = 'header';
  #level: Level = 'header';
  #submitter: ClaimJson = {};
  #receiver: ClaimJson = {};
  #headerUnsupported: UnsupportedSegment[] = [];
  #billing: ClaimJson = {};
  #billingUnsupported: UnsupportedSegment[] = [];
  #subscriber: ClaimJson = {};
  #subscriberTop: ClaimJson = {};
  #claimFilingCode = '';
  #subscriberUnsupported: UnsupportedSegment[] = [];
  #dependent: ClaimJson | null = null;
  #patientUnsupported: UnsupportedSegment[] = [];
  #current: ClaimUnderConstruction | null = null;
  /** the provider object the current 2310/2420 loop fills, null when it is not ours */
  #provider: ClaimJson | null = null;

  constructor(context: TransactionContext) {
    this.#controlNumber = at(context.header, 2);
    this.#warnings = [];
    const { variant, reference } = detectVariant(context, this.#warnings);
    this.#variant = variant;
    this.#reference = reference;
  }

  segment(segment: Segment): void {
    switch (segment.id) {
      case 'HL':
        this.#hierarchy(segment);
        return;
      case 'NM1':
        this.#name(segment);
        return;
      case 'CLM':
        this.#startClaim(segment);
        return;
      case 'LX':
        this.#startLine(segment);
        return;
      case 'SBR':
        if (this.#level === 'claim') {
          // 2320 other subscriber (coordination of benefits): not in our shapes yet.
          this.#loop = '2320';
          this.#provider = null;
          this.#unsupported(segment);
          return;
        }
        break;
      case 'LIN':
        if (this.#current?.line !== null && this.#current !== null) {
          this.#loop = '2410';
          this.#drug(segment);
          return;
        }
        break;
      case 'SVD':
        this.#loop = '2430';
        this.#unsupported(segment);
        return;
      case 'LQ':
        this.#loop = '2440';
        this.#unsupported(segment);
        return;
      default:
        break;
    }
    this.#inLoop(segment);
  }

  finish(trailer: Segment): Claims837 {
    this.#closeClaim();
    void trailer;
    return {
      type: '837',
      controlNumber: this.#controlNumber,
      implementationReference: this.#reference,
      variant: this.#variant,
      claims: this.#claims,
      warnings: this.#warnings,
    };
  }

  // -- loops ------------------------------------------------------------------------------------

  #hierarchy(segment: Segment): void {
    this.#closeClaim();
    this.#provider = null;
    const code = at(segment, 3);
    if (code === '20') {
      this.#level = 'billing';
      this.#loop = '2000A';
      this.#billing = { providerType: 'BillingProvider' };
      this.#billingUnsupported = [];
    } else if (code === '22') {
      this.#requireLevel(segment, this.#level !== 'header');
      this.#level = 'subscriber';
      this.#loop = '2000B';
      this.#subscriber = {};
      this.#subscriberTop = {};
      this.#claimFilingCode = '';
      this.#subscriberUnsupported = [];
      this.#dependent = null;
      this.#patientUnsupported = [];
    } else if (code === '23') {
      this.#requireLevel(segment, this.#level === 'subscriber' || this.#level === 'patient');
      this.#level = 'patient';
      this.#loop = '2000C';
      this.#dependent = {};
      this.#patientUnsupported = [];
    } else {
      throw new X12Error('INVALID_ELEMENT', 'HL03 is not 20, 22 or 23', {
        segment: segment.ordinal,
        segmentId: 'HL',
        position: 3,
      });
    }
  }

  #requireLevel(segment: Segment, ok: boolean): void {
    if (!ok) {
      throw new X12Error('UNEXPECTED_SEGMENT', 'HL level without its parent level', {
        segment: segment.ordinal,
        segmentId: segment.id,
        position: 3,
      });
    }
  }

  #name(segment: Segment): void {
    const entity = at(segment, 1);
    const institutional = this.#variant === 'institutional';
    this.#provider = null;
    if (entity === '41') {
      this.#loop = '1000A';
      if (!putName(this.#submitter, segment, !institutional)) this.#unsupported(segment);
      return;
    }
    if (entity === '40') {
      this.#loop = '1000B';
      put(this.#receiver, 'organizationName', at(segment, 3));
      return;
    }
    if (this.#level === 'billing') {
      if (entity === '85') {
        this.#loop = '2010AA';
        if (!putName(this.#billing, segment, !institutional)) this.#unsupported(segment);
        put(this.#billing, 'npi', at(segment, 9));
        return;
      }
      this.#loop = entity === '87' ? '2010AB' : entity === 'PE' ? '2010AC' : '2010A?';
      this.#unsupported(segment);
      return;
    }
    if (this.#level === 'subscriber' && entity === 'IL') {
      this.#loop = '2010BA';
      if (at(segment, 2) === '2' || (at(segment, 8) !== 'MI' && at(segment, 8) !== '')) {
        this.#unsupported(segment);
      }
      putName(this.#subscriber, segment);
      put(this.#subscriber, 'memberId', at(segment, 9));
      return;
    }
    if (this.#level === 'subscriber' && entity === 'PR') {
      this.#loop = '2010BB';
      put(this.#subscriberTop, 'tradingPartnerName', at(segment, 3));
      put(this.#subscriberTop, 'tradingPartnerServiceId', at(segment, 9));
      return;
    }
    if (this.#level === 'patient' && entity === 'QC' && this.#dependent !== null) {
      this.#loop = '2010CA';
      putName(this.#dependent, segment);
      if (at(segment, 9) !== '') this.#unsupported(segment, 9);
      return;
    }
    const current = this.#current;
    if (current !== null && this.#loop !== '2320' && !this.#loop.startsWith('2330')) {
      if (current.line !== null) {
        this.#loop = '2420';
        this.#unsupported(segment);
        return;
      }
      this.#claimProvider(segment, current);
      return;
    }
    if (current !== null) {
      this.#loop = '2330';
      this.#unsupported(segment);
      return;
    }
    this.#unsupported(segment);
  }

  /** 2310x: the providers our shapes carry, per variant. */
  #claimProvider(segment: Segment, current: ClaimUnderConstruction): void {
    const entity = at(segment, 1);
    const institutional = this.#variant === 'institutional';
    const roles: Readonly<Record<string, readonly [string, string, string]>> = institutional
      ? {
          '71': ['2310A', 'attending', 'AttendingProvider'],
          '82': ['2310D', 'rendering', 'RenderingProvider'],
          DN: ['2310F', 'referring', 'ReferringProvider'],
        }
      : {
          DN: ['2310A', 'referring', 'ReferringProvider'],
          '82': ['2310B', 'rendering', 'RenderingProvider'],
        };
    const role = roles[entity];
    if (role !== undefined) {
      const [loop, key, providerType] = role;
      this.#loop = loop;
      const provider: ClaimJson = { providerType };
      if (!putName(provider, segment, true)) this.#unsupported(segment);
      put(provider, 'npi', at(segment, 9));
      current.claim[key] = provider;
      this.#provider = provider;
      return;
    }
    if (entity === '77') {
      this.#loop = institutional ? '2310E' : '2310C';
      const facility = child(current.info, 'serviceFacilityLocation');
      put(facility, 'organizationName', at(segment, 3));
      put(facility, institutional ? 'identificationCode' : 'npi', at(segment, 9));
      this.#provider = facility;
      return;
    }
    this.#loop = `2310(${entity})`;
    this.#unsupported(segment);
  }

  #startClaim(segment: Segment): void {
    this.#closeClaim();
    if (this.#level !== 'subscriber' && this.#level !== 'patient' && this.#level !== 'claim') {
      throw new X12Error('UNEXPECTED_SEGMENT', 'CLM outside a subscriber or patient level', {
        segment: segment.ordinal,
        segmentId: 'CLM',
        position: 0,
      });
    }
    this.#level = 'claim';
    this.#loop = '2300';
    this.#provider = null;
    const info: ClaimJson = {};
    const claim = this.#newClaim(info);
    const current: ClaimUnderConstruction = {
      claim,
      info,
      unsupported: [
        ...this.#headerUnsupported,
        ...this.#billingUnsupported,
        ...this.#subscriberUnsupported,
        ...this.#patientUnsupported,
      ],
      line: null,
    };
    this.#current = current;
    put(info, 'claimFilingCode', this.#claimFilingCode);
    put(info, 'patientControlNumber', at(segment, 1));
    put(info, 'claimChargeAmount', canonicalAmount(segment, 2));
    const [facility = '', , frequency = ''] = componentsOf(segment, 5);
    put(info, 'placeOfServiceCode', facility);
    put(info, 'claimFrequencyCode', frequency);
    if (this.#variant === 'professional') put(info, 'signatureIndicator', at(segment, 6));
    put(info, 'planParticipationCode', at(segment, 7));
    put(info, 'benefitsAssignmentCertificationIndicator', at(segment, 8));
    put(info, 'releaseInformationCode', at(segment, 9));
    put(info, 'delayReasonCode', at(segment, 20));
    const mapped = CLM_ELEMENTS[this.#variant];
    for (let n = 3; n < segment.elements.length; n++) {
      if (!mapped.includes(n) && at(segment, n) !== '') this.#unsupported(segment, n);
    }
  }

  /** A claim object with copies of the header, billing, subscriber and patient levels. */
  #newClaim(info: ClaimJson): ClaimJson {
    const claim: ClaimJson = {};
    put(claim, 'controlNumber', this.#controlNumber);
    Object.assign(claim, structuredClone(this.#subscriberTop));
    claim.submitter = structuredClone(this.#submitter);
    claim.receiver = structuredClone(this.#receiver);
    claim.subscriber = structuredClone(this.#subscriber);
    if (this.#dependent !== null) claim.dependent = structuredClone(this.#dependent);
    claim.billing = structuredClone(this.#billing);
    claim.claimInformation = info;
    return claim;
  }

  #closeClaim(): void {
    const current = this.#current;
    if (current === null) return;
    const entry: Parsed837Claim =
      current.traceNumber === undefined
        ? { claim: current.claim, unsupported: current.unsupported }
        : {
            claim: current.claim,
            unsupported: current.unsupported,
            traceNumber: current.traceNumber,
          };
    this.#claims.push(entry);
    this.#current = null;
  }

  #startLine(segment: Segment): void {
    const current = this.#current;
    if (current === null) {
      throw new X12Error('UNEXPECTED_SEGMENT', 'LX outside a claim', {
        segment: segment.ordinal,
        segmentId: 'LX',
        position: 0,
      });
    }
    this.#loop = '2400';
    this.#provider = null;
    const line: ClaimJson = {};
    put(line, 'assignedNumber', at(segment, 1));
    listOf(current.info, 'serviceLines').push(line);
    current.line = line;
  }

  #drug(segment: Segment): void {
    const line = this.#current?.line;
    if (line === null || line === undefined) return;
    const drug = child(line, 'drugIdentification');
    const qualifier = at(segment, 2);
    if (this.#variant === 'professional') put(drug, 'serviceIdQualifier', qualifier);
    else if (qualifier !== 'N4') this.#unsupported(segment, 2);
    put(drug, 'nationalDrugCode', at(segment, 3));
  }

  // -- segments inside the current loop ------------------------------------------------------

  #inLoop(segment: Segment): void {
    const handled = this.#handle(segment);
    if (!handled) this.#unsupported(segment);
  }

  /** Maps one segment of the current loop; false when the shape has no place for it. */
  #handle(segment: Segment): boolean {
    const id = segment.id;
    const professional = this.#variant === 'professional';
    switch (this.#loop) {
      case 'header':
        return id === 'BHT';
      case '1000A':
        return id === 'PER' && putContact(this.#submitter, segment, professional);
      case '2000A':
        if (id === 'PRV' && at(segment, 1) === 'BI') {
          put(this.#billing, 'taxonomyCode', at(segment, 3));
          return true;
        }
        return false;
      case '2010AA':
        return this.#partyDetail(
          this.#billing,
          segment,
          { EI: 'employerId', SY: 'ssn' },
          professional,
        );
      case '2000B':
        if (id === 'SBR') {
          put(this.#subscriber, 'paymentResponsibilityLevelCode', at(segment, 1));
          put(this.#subscriber, 'groupNumber', at(segment, 3));
          this.#claimFilingCode = at(segment, 9);
          let known = at(segment, 6) === '' && at(segment, 7) === '' && at(segment, 8) === '';
          if (professional) {
            put(this.#subscriber, 'subscriberGroupName', at(segment, 4));
            put(this.#subscriber, 'insuranceTypeCode', at(segment, 5));
          } else {
            known = known && at(segment, 4) === '' && at(segment, 5) === '';
          }
          if (!known) this.#unsupported(segment);
          return true;
        }
        return false;
      case '2010BA':
        if (id === 'DMG') return this.#demographics(this.#subscriber, segment);
        return this.#partyDetail(this.#subscriber, segment, { SY: 'ssn' }, professional);
      case '2010CA':
        if (this.#dependent === null) return false;
        if (id === 'DMG') return this.#demographics(this.#dependent, segment);
        return this.#partyDetail(
          this.#dependent,
          segment,
          professional ? { SY: 'ssn', '1W': 'memberId' } : { SY: 'ssn' },
          professional,
        );
      case '2000C':
        if (id === 'PAT' && this.#dependent !== null) {
          put(this.#dependent, 'relationshipToSubscriberCode', at(segment, 1));
          return emptyFrom(segment, 2);
        }
        return false;
      case '2300':
        return this.#claimSegment(segment);
      case '2310A':
      case '2310B':
      case '2310D':
      case '2310F':
        if (id === 'PRV' && this.#provider !== null) {
          const expected =
            this.#loop === '2310A'
              ? professional
                ? ''
                : 'AT'
              : professional && this.#loop === '2310B'
                ? 'PE'
                : '';
          if (expected === '' || at(segment, 1) !== expected) return false;
          put(this.#provider, 'taxonomyCode', at(segment, 3));
          return true;
        }
        return false;
      case '2310C':
      case '2310E':
        if (this.#provider === null) return false;
        if (id === 'N3') {
          putAddressLine(this.#provider, segment);
          return true;
        }
        if (id === 'N4') return putAddressCity(this.#provider, segment);
        return false;
      case '2400':
        return this.#lineSegment(segment);
      case '2410':
        return this.#drugDetail(segment);
      default:
        return false;
    }
  }

  /** N3, N4, REF (by qualifier), PER of a name loop. */
  #partyDetail(
    target: ClaimJson,
    segment: Segment,
    references: Readonly<Record<string, string>>,
    extension: boolean,
  ): boolean {
    switch (segment.id) {
      case 'N3':
        putAddressLine(target, segment);
        return true;
      case 'N4':
        return putAddressCity(target, segment);
      case 'REF': {
        const key = references[at(segment, 1)];
        if (key === undefined) return false;
        put(target, key, at(segment, 2));
        return true;
      }
      case 'PER':
        return putContact(target, segment, extension);
      default:
        return false;
    }
  }

  #demographics(target: ClaimJson, segment: Segment): boolean {
    put(target, 'dateOfBirth', at(segment, 2));
    put(target, 'gender', at(segment, 3));
    return at(segment, 1) === 'D8' || at(segment, 1) === '';
  }

  #claimSegment(segment: Segment): boolean {
    const current = this.#current;
    if (current === null) return false;
    const info = current.info;
    const professional = this.#variant === 'professional';
    const qualifier = at(segment, 1);
    switch (segment.id) {
      case 'DTP': {
        if (professional) {
          const key = PROFESSIONAL_DATES[qualifier];
          if (key !== undefined && at(segment, 2) === 'D8') {
            put(child(info, 'claimDateInformation'), key, at(segment, 3));
            return true;
          }
          if (qualifier === '314' && at(segment, 2) === 'RD8') {
            putDates(
              child(info, 'claimDateInformation'),
              segment,
              'disabilityBeginDate',
              'disabilityEndDate',
            );
            return true;
          }
          return false;
        }
        const dates = child(info, 'claimDateInformation');
        if (qualifier === '434') {
          const [start = '', end = start] = at(segment, 3).split('-');
          put(dates, 'statementBeginDate', start);
          put(dates, 'statementEndDate', end);
          return true;
        }
        if (qualifier === '435') {
          put(dates, 'admissionDateAndHour', at(segment, 3));
          return true;
        }
        if (qualifier === '096' && at(segment, 2) === 'TM') {
          put(dates, 'dischargeHour', at(segment, 3));
          return true;
        }
        return false;
      }
      case 'CL1':
        if (professional) return false;
        {
          const codes = child(info, 'claimCodeInformation');
          put(codes, 'admissionTypeCode', at(segment, 1));
          put(codes, 'admissionSourceCode', at(segment, 2));
          put(codes, 'patientStatusCode', at(segment, 3));
        }
        return emptyFrom(segment, 4);
      case 'AMT':
        if (professional && qualifier === 'F5') {
          put(info, 'patientAmountPaid', canonicalAmount(segment, 2));
          return true;
        }
        if (!professional && qualifier === 'EAF') {
          put(info, 'patientEstimatedAmountDue', canonicalAmount(segment, 2));
          return true;
        }
        return false;
      case 'REF': {
        if (qualifier === 'D9') {
          current.traceNumber = at(segment, 2);
          return true;
        }
        const key = CLAIM_REFERENCES[qualifier];
        if (key === undefined) return false;
        put(child(info, 'claimSupplementalInformation'), key, at(segment, 2));
        return true;
      }
      case 'NTE':
        if (!professional && qualifier === 'ADD' && info.billingNote === undefined) {
          put(info, 'billingNote', at(segment, 2));
          return true;
        }
        return false;
      case 'HI':
        return professional
          ? this.#diagnoses(segment, info)
          : this.#institutionalCodes(segment, info);
      default:
        return false;
    }
  }

  #diagnoses(segment: Segment, info: ClaimJson): boolean {
    const list = listOf(info, 'healthCareCodeInformation');
    let known = true;
    for (let n = 1; n < segment.elements.length; n++) {
      const [qualifier = '', code = '', ...rest] = componentsOf(segment, n);
      if (qualifier === '') continue;
      if (!['ABK', 'ABF', 'BK', 'BF'].includes(qualifier) || rest.some((part) => part !== '')) {
        known = false;
        continue;
      }
      const entry: ClaimJson = { diagnosisTypeCode: qualifier };
      put(entry, 'diagnosisCode', code);
      list.push(entry);
    }
    if (list.length === 0) delete info.healthCareCodeInformation;
    return known;
  }

  /** 837I HI: one segment holds one code list; each list keeps its segments as inner arrays. */
  #institutionalCodes(segment: Segment, info: ClaimJson): boolean {
    let known = true;
    const groups = new Map<string, ClaimJson[]>();
    const grouped = (key: string): ClaimJson[] => {
      let group = groups.get(key);
      if (group === undefined) {
        group = [];
        groups.set(key, group);
      }
      return group;
    };
    for (let n = 1; n < segment.elements.length; n++) {
      const parts = componentsOf(segment, n);
      const [qualifier = '', code = '', format = '', date = '', amountText = ''] = parts;
      const poa = parts[8] ?? '';
      const extra = parts.slice(5, 8).some((part) => part !== '') || parts.length > 9;
      if (qualifier === '') continue;
      const entry: ClaimJson = { qualifierCode: qualifier };
      switch (qualifier) {
        case 'ABK':
        case 'BK':
          put(entry, 'principalDiagnosisCode', code);
          put(entry, 'presentOnAdmissionIndicator', poa);
          info.principalDiagnosis = entry;
          known = known && !extra && format === '' && amountText === '';
          continue;
        case 'ABJ':
        case 'BJ':
          put(entry, 'admittingDiagnosisCode', code);
          info.admittingDiagnosis = entry;
          known = known && !extra && poa === '' && format === '';
          continue;
        case 'APR':
        case 'PR':
          put(entry, 'patientReasonForVisitCode', code);
          listOf(info, 'patientReasonForVisits').push(entry);
          known = known && !extra && poa === '' && format === '';
          continue;
        case 'ABF':
        case 'BF':
          put(entry, 'otherDiagnosisCode', code);
          put(entry, 'presentOnAdmissionIndicator', poa);
          grouped('otherDiagnosisInformationList').push(entry);
          known = known && !extra && format === '';
          continue;
        case 'BI': {
          const span: ClaimJson = { occurrenceSpanCode: code };
          const [start = '', end = ''] = date.split('-');
          put(span, 'occurrenceSpanCodeStartDate', start);
          put(span, 'occurrenceSpanCodeEndDate', end);
          grouped('occurrenceSpanInformations').push(span);
          known = known && format === 'RD8' && !extra && poa === '';
          continue;
        }
        case 'BH': {
          const occurrence: ClaimJson = { occurrenceSpanCode: code };
          put(occurrence, 'occurrenceSpanCodeDate', date);
          grouped('occurrenceInformationList').push(occurrence);
          known = known && format === 'D8' && !extra && poa === '';
          continue;
        }
        case 'BE': {
          const value: ClaimJson = { valueCode: code };
          put(
            value,
            'valueCodeAmount',
            amountText === ''
              ? undefined
              : x12Amount(
                  parseCents(amountText, {
                    segment: segment.ordinal,
                    segmentId: 'HI',
                    position: n,
                  }),
                ),
          );
          grouped('valueInformationList').push(value);
          known = known && !extra && poa === '';
          continue;
        }
        case 'BG':
          grouped('conditionCodesList').push({ conditionCode: code });
          known = known && parts.length <= 2;
          continue;
        default:
          known = false;
      }
    }
    for (const [key, entries] of groups) listOf(info, key).push(entries);
    return known;
  }

  #lineSegment(segment: Segment): boolean {
    const line = this.#current?.line;
    if (line === null || line === undefined) return false;
    const professional = this.#variant === 'professional';
    switch (segment.id) {
      case 'SV1': {
        if (!professional) return false;
        const service = child(line, 'professionalService');
        putProcedure(service, segment, 1);
        put(service, 'lineItemChargeAmount', canonicalAmount(segment, 2));
        put(service, 'measurementUnit', at(segment, 3));
        put(service, 'serviceUnitCount', at(segment, 4));
        put(service, 'placeOfServiceCode', at(segment, 5));
        const pointers = componentsOf(segment, 7).filter((pointer) => pointer !== '');
        service.compositeDiagnosisCodePointers = { diagnosisCodePointers: pointers };
        put(service, 'emergencyIndicator', at(segment, 9));
        put(service, 'epsdtIndicator', at(segment, 11));
        put(service, 'familyPlanningIndicator', at(segment, 12));
        put(service, 'copayStatusCode', at(segment, 15));
        return this.#onlyElements(segment, SV1_ELEMENTS);
      }
      case 'SV2': {
        if (professional) return false;
        const service = child(line, 'institutionalService');
        put(service, 'serviceLineRevenueCode', at(segment, 1));
        putProcedure(service, segment, 2);
        put(service, 'lineItemChargeAmount', canonicalAmount(segment, 3));
        put(service, 'measurementUnit', at(segment, 4));
        put(service, 'serviceUnitCount', at(segment, 5));
        put(service, 'nonCoveredChargeAmount', canonicalAmount(segment, 7));
        return this.#onlyElements(segment, SV2_ELEMENTS);
      }
      case 'DTP':
        if (at(segment, 1) !== '472') return false;
        putDates(line, segment, 'serviceDate', 'serviceDateEnd');
        return true;
      case 'REF':
        if (at(segment, 1) !== '6R') return false;
        put(line, professional ? 'providerControlNumber' : 'lineItemControlNumber', at(segment, 2));
        return true;
      default:
        return false;
    }
  }

  #drugDetail(segment: Segment): boolean {
    const drug = this.#current?.line?.drugIdentification;
    if (drug === undefined || typeof drug !== 'object' || Array.isArray(drug)) return false;
    if (segment.id !== 'CTP') return false;
    put(drug, 'nationalDrugUnitCount', at(segment, 4));
    const [unit = '', ...rest] = componentsOf(segment, 5);
    put(drug, 'measurementUnitCode', unit);
    return (
      rest.every((part) => part === '') &&
      at(segment, 1) === '' &&
      at(segment, 2) === '' &&
      at(segment, 3) === '' &&
      emptyFrom(segment, 6)
    );
  }

  /** True when no element outside `mapped` carries a value (else each is reported). */
  #onlyElements(segment: Segment, mapped: readonly number[]): boolean {
    for (let n = 1; n < segment.elements.length; n++) {
      if (!mapped.includes(n) && at(segment, n) !== '') this.#unsupported(segment, n);
    }
    return true;
  }

  /** Records a segment the shapes cannot carry, at the level it belongs to. */
  #unsupported(segment: Segment, element?: number): void {
    const entry: UnsupportedSegment =
      element === undefined
        ? { loop: this.#loop, segmentId: segment.id, ordinal: segment.ordinal }
        : { loop: this.#loop, segmentId: segment.id, ordinal: segment.ordinal, element };
    if (this.#current !== null) this.#current.unsupported.push(entry);
    else if (this.#level === 'patient') this.#patientUnsupported.push(entry);
    else if (this.#level === 'subscriber') this.#subscriberUnsupported.push(entry);
    else if (this.#level === 'billing') this.#billingUnsupported.push(entry);
    else this.#headerUnsupported.push(entry);
  }
}

/** Registered for ST01 = 837 in parse-document.ts. */
export const create837Parser: TransactionParserFactory<Claims837> = (context) =>
  new Claim837Parser(context);
