// Loops and segments that the 837P (X222A1) and 837I (X223A2) share: the 2000A/2010AA billing
// provider, the 2000B/2010BA/2010BB subscriber and payer, the 2000C/2010CA patient, the 2300 CLM,
// HI and service facility, the 2310x provider loops, the 2400 procedure composite and 2410 drug,
// and the name/address/date pieces that every NM1 loop reuses. Each generator maps its own claim
// shape onto these small views, so the two generators never carry near-copies of the same loop.
// The envelope, BHT header and HL tree around them are claim-837-envelope.ts.
//
// Element limits are the X12 5010 maximum lengths; a value that does not fit fails with an
// X12Error naming the element (never the value, which may be PHI). Nothing is truncated.

import { X12Error, type X12ErrorCode } from './errors.ts';
import { parseCents, x12Amount } from './money.ts';
import type { ElementValue, SegmentWriter } from './writer.ts';

/**
 * An error in the 837 being written, at an element of the segment it would have been: there is
 * no segment ordinal yet (0), and the message names the element or loop, never the value.
 */
export function writeError(
  code: X12ErrorCode,
  message: string,
  segmentId: string,
  position: number,
): X12Error {
  return new X12Error(code, message, { segment: 0, segmentId, position });
}

/** Fails when a value is longer than the element allows; returns the value for inline use. */
export function fit(value: string, max: number, segmentId: string, position: number): string {
  if (value.length > max) {
    const name = `${segmentId}${position < 10 ? '0' : ''}${position}`;
    throw writeError(
      'INVALID_ELEMENT',
      `${name} is longer than ${max} characters`,
      segmentId,
      position,
    );
  }
  return value;
}

/** As fit, but for optional values (undefined passes through as an absent element). */
export function fitOptional(
  value: string | undefined,
  max: number,
  segmentId: string,
  position: number,
): string | undefined {
  return value === undefined ? undefined : fit(value, max, segmentId, position);
}

/** The address fields of the API shape (N3/N4). */
export interface AddressView {
  readonly address1: string;
  readonly address2?: string | undefined;
  readonly city: string;
  readonly state?: string | undefined;
  readonly postalCode?: string | undefined;
  readonly countryCode?: string | undefined;
  readonly countrySubDivisionCode?: string | undefined;
}

/** The PER contact fields of the API shape. */
export interface ContactView {
  readonly name?: string | undefined;
  readonly phoneNumber?: string | undefined;
  readonly phoneExtension?: string | undefined;
  readonly faxNumber?: string | undefined;
  readonly email?: string | undefined;
}

/** A person or organisation name as the API shape carries it. */
export interface NameView {
  readonly organizationName?: string | undefined;
  readonly lastName?: string | undefined;
  readonly firstName?: string | undefined;
  readonly middleName?: string | undefined;
  readonly suffix?: string | undefined;
}

/** NM1 for a person (NM102=1) or an organisation (NM102=2, when organizationName is given). */
export function writeName(
  writer: SegmentWriter,
  entityCode: string,
  name: NameView,
  idQualifier: string | undefined,
  id: string | undefined,
  forceOrganization = false,
): void {
  const organization = forceOrganization || name.organizationName !== undefined;
  if (organization) {
    writer.segment(
      'NM1',
      entityCode,
      '2',
      fitOptional(name.organizationName, 60, 'NM1', 3),
      undefined,
      undefined,
      undefined,
      undefined,
      id === undefined ? undefined : idQualifier,
      fitOptional(id, 80, 'NM1', 9),
    );
    return;
  }
  writer.segment(
    'NM1',
    entityCode,
    '1',
    fitOptional(name.lastName, 60, 'NM1', 3),
    fitOptional(name.firstName, 35, 'NM1', 4),
    fitOptional(name.middleName, 25, 'NM1', 5),
    undefined,
    fitOptional(name.suffix, 10, 'NM1', 7),
    id === undefined ? undefined : idQualifier,
    fitOptional(id, 80, 'NM1', 9),
  );
}

/** NM1 of an organisation that always has a name and an id (1000B receiver, 2010BB payer). */
export function writeIdentifiedOrganization(
  writer: SegmentWriter,
  entityCode: string,
  name: string,
  idQualifier: string,
  id: string,
): void {
  writer.segment(
    'NM1',
    entityCode,
    '2',
    fit(name, 60, 'NM1', 3),
    undefined,
    undefined,
    undefined,
    undefined,
    idQualifier,
    fit(id, 80, 'NM1', 9),
  );
}

/** N3 and N4. */
export function writeAddress(writer: SegmentWriter, address: AddressView): void {
  writer.segment(
    'N3',
    fit(address.address1, 55, 'N3', 1),
    fitOptional(address.address2, 55, 'N3', 2),
  );
  writer.segment(
    'N4',
    fit(address.city, 30, 'N4', 1),
    fitOptional(address.state, 2, 'N4', 2),
    fitOptional(address.postalCode, 15, 'N4', 3),
    fitOptional(address.countryCode, 3, 'N4', 4),
    undefined,
    undefined,
    fitOptional(address.countrySubDivisionCode, 3, 'N4', 7),
  );
}

/**
 * PER*IC with up to three communication numbers in the TR3's order of preference: phone (with
 * extension right after it), email, fax. The TR3 allows three PER03..PER08 pairs.
 */
export function writeContact(writer: SegmentWriter, contact: ContactView): void {
  const pairs: string[] = [];
  // PER03/04, PER05/06, PER07/08: the value of pair n sits at element 4 + 2n.
  const add = (qualifier: string, value: string): void => {
    pairs.push(qualifier, fit(value, 256, 'PER', pairs.length + 4));
  };
  if (contact.phoneNumber !== undefined) {
    add('TE', contact.phoneNumber);
    if (contact.phoneExtension !== undefined) add('EX', contact.phoneExtension);
  }
  if (contact.email !== undefined) add('EM', contact.email);
  if (contact.faxNumber !== undefined) add('FX', contact.faxNumber);
  if (pairs.length > 6) {
    throw writeError(
      'INVALID_ELEMENT',
      'PER carries at most three communication numbers',
      'PER',
      9,
    );
  }
  writer.segment('PER', 'IC', fitOptional(contact.name, 60, 'PER', 2), ...pairs);
}

/** REF with a qualifier when the value is present. */
export function writeReference(
  writer: SegmentWriter,
  qualifier: string,
  value: string | undefined,
): void {
  if (value !== undefined) writer.segment('REF', qualifier, fit(value, 50, 'REF', 2));
}

/** DTP with D8 when the value is present. */
export function writeDate(
  writer: SegmentWriter,
  qualifier: string,
  value: string | undefined,
): void {
  if (value !== undefined) writer.segment('DTP', qualifier, 'D8', fit(value, 35, 'DTP', 3));
}

/** DTP with D8 for one date, RD8 for a range whose end differs from its start. */
export function writeDateOrRange(
  writer: SegmentWriter,
  qualifier: string,
  start: string,
  end: string | undefined,
): void {
  if (end === undefined || end === start) {
    writer.segment('DTP', qualifier, 'D8', fit(start, 35, 'DTP', 3));
  } else {
    writer.segment('DTP', qualifier, 'RD8', fit(`${start}-${end}`, 35, 'DTP', 3));
  }
}

/** NTE with a note reference code, when the text is present. */
export function writeNote(writer: SegmentWriter, code: string, text: string | undefined): void {
  if (text !== undefined) writer.segment('NTE', code, fit(text, 80, 'NTE', 2));
}

// ---------------------------------------------------------------------------------------------
// 2000A / 2010AA billing provider, 2010AB pay-to address

/** A provider as every provider loop names it: NM1 with the NPI (NM109, XX), PRV's taxonomy. */
export interface ProviderIdentityView extends NameView {
  readonly npi?: string | undefined;
  readonly taxonomyCode?: string | undefined;
}

export interface BillingProviderView extends ProviderIdentityView {
  readonly employerId?: string | undefined;
  readonly ssn?: string | undefined;
  readonly address?: AddressView | undefined;
  readonly contactInformation?: ContactView | undefined;
}

/** HL*n**20*1, PRV, 2010AA and (when given) 2010AB. The HL always has children (the subscriber). */
export function writeBillingProvider(
  writer: SegmentWriter,
  hlId: number,
  provider: BillingProviderView,
  payToAddress: AddressView | undefined,
): void {
  writer.segment('HL', hlId, undefined, '20', '1');
  if (provider.taxonomyCode !== undefined) {
    writer.segment('PRV', 'BI', 'PXC', fit(provider.taxonomyCode, 50, 'PRV', 3));
  }
  writeName(writer, '85', provider, 'XX', provider.npi);
  if (provider.address === undefined) {
    throw writeError(
      'MISSING_SEGMENT',
      '2010AA N3/N4 billing provider address is required',
      'N3',
      0,
    );
  }
  writeAddress(writer, provider.address);
  // The TR3 requires exactly one tax identification: the EIN, or the SSN of a sole provider.
  if (provider.employerId !== undefined) writeReference(writer, 'EI', provider.employerId);
  else if (provider.ssn !== undefined) writeReference(writer, 'SY', provider.ssn);
  else {
    throw writeError('MISSING_SEGMENT', '2010AA REF*EI or REF*SY (tax id) is required', 'REF', 0);
  }
  if (provider.contactInformation !== undefined) writeContact(writer, provider.contactInformation);
  if (payToAddress !== undefined) {
    writer.segment('NM1', '87', '2');
    writeAddress(writer, payToAddress);
  }
}

// ---------------------------------------------------------------------------------------------
// 2000B subscriber, 2010BA subscriber name, 2010BB payer; 2000C/2010CA patient

export interface SubscriberView extends NameView {
  readonly memberId?: string | undefined;
  readonly ssn?: string | undefined;
  readonly paymentResponsibilityLevelCode: string;
  readonly insuranceTypeCode?: string | undefined;
  readonly groupNumber?: string | undefined;
  readonly subscriberGroupName?: string | undefined;
  readonly gender?: string | undefined;
  readonly dateOfBirth?: string | undefined;
  readonly address?: AddressView | undefined;
  readonly contactInformation?: ContactView | undefined;
}

export interface PayerView {
  readonly name: string;
  /** 2010BB NM109 with NM108=PI */
  readonly id: string;
  readonly address?: AddressView | undefined;
}

export interface SubscriberLoopView {
  readonly hlId: number;
  readonly parentHlId: number;
  readonly subscriber: SubscriberView;
  /** false when a 2000C patient loop follows */
  readonly subscriberIsPatient: boolean;
  /** SBR09 */
  readonly claimFilingCode: string;
  readonly payer: PayerView;
}

export function writeSubscriberLoop(writer: SegmentWriter, loop: SubscriberLoopView): void {
  const { subscriber, subscriberIsPatient } = loop;
  writer.segment('HL', loop.hlId, loop.parentHlId, '22', subscriberIsPatient ? '0' : '1');
  // SBR03 is the group or policy number; SBR04 the group name, only when there is no number
  // (TR3 note), but we send what we are given and let the validator decide.
  writer.segment(
    'SBR',
    subscriber.paymentResponsibilityLevelCode,
    subscriberIsPatient ? '18' : undefined,
    fitOptional(subscriber.groupNumber, 50, 'SBR', 3),
    fitOptional(subscriber.subscriberGroupName, 60, 'SBR', 4),
    subscriber.insuranceTypeCode,
    undefined,
    undefined,
    undefined,
    loop.claimFilingCode,
  );
  writeName(writer, 'IL', subscriber, 'MI', subscriber.memberId);
  if (subscriber.address !== undefined) writeAddress(writer, subscriber.address);
  if (subscriber.dateOfBirth !== undefined || subscriber.gender !== undefined) {
    writer.segment(
      'DMG',
      subscriber.dateOfBirth === undefined ? undefined : 'D8',
      fitOptional(subscriber.dateOfBirth, 35, 'DMG', 2),
      subscriber.gender,
    );
  }
  writeReference(writer, 'SY', subscriber.ssn);
  // PER in 2010BA is the property-and-casualty subscriber contact.
  if (subscriber.contactInformation !== undefined)
    writeContact(writer, subscriber.contactInformation);
  writeIdentifiedOrganization(writer, 'PR', loop.payer.name, 'PI', loop.payer.id);
  if (loop.payer.address !== undefined) writeAddress(writer, loop.payer.address);
}

export interface PatientView extends NameView {
  readonly relationshipToSubscriberCode: string;
  readonly gender: string;
  readonly dateOfBirth: string;
  readonly address?: AddressView | undefined;
  readonly ssn?: string | undefined;
  readonly memberId?: string | undefined;
  readonly contactInformation?: ContactView | undefined;
}

/** HL*n*parent*23*0, PAT, 2010CA NM1*QC, N3/N4, DMG, REF*1W|SY, PER. */
export function writePatientLoop(
  writer: SegmentWriter,
  hlId: number,
  parentHlId: number,
  patient: PatientView,
): void {
  writer.segment('HL', hlId, parentHlId, '23', '0');
  writer.segment('PAT', patient.relationshipToSubscriberCode);
  // The TR3 removed NM108/NM109 from 2010CA in 5010: the patient is identified by the subscriber.
  writeName(writer, 'QC', patient, undefined, undefined);
  if (patient.address !== undefined) writeAddress(writer, patient.address);
  writer.segment('DMG', 'D8', fit(patient.dateOfBirth, 35, 'DMG', 2), patient.gender);
  // REF and PER in 2010CA are the property-and-casualty patient identifier and contact.
  writeReference(writer, '1W', patient.memberId);
  writeReference(writer, 'SY', patient.ssn);
  if (patient.contactInformation !== undefined) writeContact(writer, patient.contactInformation);
}

// ---------------------------------------------------------------------------------------------
// 2300 claim: CLM, HI, 2310 service facility

/** The CLM elements both claim shapes fill; only the 837P has a signature indicator (CLM06). */
export interface ClaimSegmentView {
  readonly patientControlNumber: string;
  readonly claimChargeAmount: string;
  /** CLM05-1: place of service (837P) or facility type (837I) */
  readonly placeOfServiceCode: string;
  readonly claimFrequencyCode: string;
  readonly signatureIndicator?: string | undefined;
  readonly planParticipationCode: string;
  readonly benefitsAssignmentCertificationIndicator: string;
  readonly releaseInformationCode: string;
  readonly delayReasonCode?: string | undefined;
}

/** CLM; `facilityCodeQualifier` is CLM05-2: B (place of service) in 837P, A (bill type) in 837I. */
export function writeClaimSegment(
  writer: SegmentWriter,
  claim: ClaimSegmentView,
  facilityCodeQualifier: 'A' | 'B',
): void {
  writer.segment(
    'CLM',
    // docs/ARCHITECTURE.md section 3: payers keep only 20 characters of CLM01, and 277CA/835 matching relies on it.
    fit(claim.patientControlNumber, 20, 'CLM', 1),
    amount(claim.claimChargeAmount, 'CLM', 2),
    undefined,
    undefined,
    [claim.placeOfServiceCode, facilityCodeQualifier, claim.claimFrequencyCode],
    claim.signatureIndicator,
    claim.planParticipationCode,
    claim.benefitsAssignmentCertificationIndicator,
    claim.releaseInformationCode,
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
    claim.delayReasonCode,
  );
}

/** One HI segment per 12 composites, as the TR3 allows, for a list of any length. */
export function writeHealthCareCodes(
  writer: SegmentWriter,
  composites: readonly ElementValue[],
): void {
  for (let start = 0; start < composites.length; start += 12) {
    writer.segment('HI', ...composites.slice(start, start + 12));
  }
}

/** An HI diagnosis composite: qualifier, ICD-10-CM code, and HIxx-9 present on admission (837I). */
export function diagnosisComposite(
  qualifier: string,
  code: string,
  presentOnAdmission?: string,
): ElementValue {
  return [
    qualifier,
    fit(code, 30, 'HI', 1),
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
    presentOnAdmission,
  ];
}

/** 2310C (837P) / 2310E (837I) service facility: NM1*77 as an organisation, N3/N4. */
export function writeServiceFacility(
  writer: SegmentWriter,
  facility: NameView & { readonly address: AddressView },
  npi: string | undefined,
): void {
  writeName(writer, '77', facility, 'XX', npi, true);
  writeAddress(writer, facility.address);
}

// ---------------------------------------------------------------------------------------------
// 2310x / 2420x provider loops (referring, rendering, attending, supervising, service facility)

/** Provider fields of the API shape used in the 2310x/2420x loops. */
export interface ProviderView extends ProviderIdentityView {
  readonly stateLicenseNumber?: string | undefined;
  readonly providerUpinNumber?: string | undefined;
  readonly commercialNumber?: string | undefined;
  readonly locationNumber?: string | undefined;
}

/** A 2310 loop the guide gives no PRV: a taxonomy code for it fails instead of being dropped. */
export function refuseProviderTaxonomy(
  taxonomyCode: string | undefined,
  loop: string,
  guide: string,
): void {
  if (taxonomyCode !== undefined) {
    throw writeError('UNEXPECTED_SEGMENT', `${loop} provider has no PRV in ${guide}`, 'PRV', 3);
  }
}

/** NM1 (+ PRV when a taxonomy qualifier is given) + secondary REFs (0B, 1G, G2, LU) in TR3 order. */
export function writeProviderLoop(
  writer: SegmentWriter,
  entityCode: string,
  provider: ProviderView,
  taxonomyQualifier: string | undefined,
): void {
  writeName(writer, entityCode, provider, 'XX', provider.npi);
  if (taxonomyQualifier !== undefined && provider.taxonomyCode !== undefined) {
    writer.segment('PRV', taxonomyQualifier, 'PXC', fit(provider.taxonomyCode, 50, 'PRV', 3));
  }
  writeSecondaryIds(writer, provider);
}

/** REF*0B, REF*1G, REF*G2, REF*LU (provider secondary identification). */
export function writeSecondaryIds(writer: SegmentWriter, provider: ProviderView): void {
  writeReference(writer, '0B', provider.stateLicenseNumber);
  writeReference(writer, '1G', provider.providerUpinNumber);
  writeReference(writer, 'G2', provider.commercialNumber);
  writeReference(writer, 'LU', provider.locationNumber);
}

/**
 * Amount of the API shape (decimal string, validated as /^\d{1,10}(\.\d{1,2})?$/) as an X12 R
 * element without trailing zeros ("150.00" -> "150", "75.50" -> "75.5"). Validated input takes a
 * fast path without regexes (this runs for every line of every claim); anything else goes through
 * parseCents, which rejects it with the element's location.
 */
export function amount(value: string, segmentId: string, position: number): string {
  const dot = value.indexOf('.');
  const whole = dot < 0 ? value : value.slice(0, dot);
  if (whole.length > 0 && whole.length <= 10 && isDigits(whole, 0, whole.length)) {
    if (dot < 0) return stripLeadingZeros(whole);
    const fraction = value.slice(dot + 1);
    if (fraction.length >= 1 && fraction.length <= 2 && isDigits(fraction, 0, fraction.length)) {
      let end = fraction.length;
      while (end > 0 && fraction.charCodeAt(end - 1) === 48) end--;
      const integer = stripLeadingZeros(whole);
      return end === 0 ? integer : `${integer}.${fraction.slice(0, end)}`;
    }
  }
  return x12Amount(parseCents(value, { segment: 0, segmentId, position }));
}

function isDigits(text: string, start: number, end: number): boolean {
  for (let index = start; index < end; index++) {
    const code = text.charCodeAt(index);
    if (code < 48 || code > 57) return false;
  }
  return true;
}

function stripLeadingZeros(digits: string): string {
  let start = 0;
  while (start < digits.length - 1 && digits.charCodeAt(start) === 48) start++;
  return start === 0 ? digits : digits.slice(start);
}

/** As amount, for optional values. */
export function optionalAmount(
  value: string | undefined,
  segmentId: string,
  position: number,
): string | undefined {
  return value === undefined ? undefined : amount(value, segmentId, position);
}

/** The procedure modifiers and description of SV1 and SV2 in the API shape. */
export interface ProcedureDetailView {
  readonly procedureModifiers?: readonly string[] | undefined;
  readonly description?: string | undefined;
}

/**
 * SV101 / SV202: qualifier, code, up to four modifiers and the description; `position` is the
 * composite's element (1 in SV1, 2 in SV2).
 */
export function procedureComposite(
  identifier: string,
  code: string,
  detail: ProcedureDetailView,
  segmentId: string,
  position: number,
): ElementValue {
  const modifiers = detail.procedureModifiers ?? [];
  return [
    identifier,
    fit(code, 48, segmentId, position),
    modifiers[0],
    modifiers[1],
    modifiers[2],
    modifiers[3],
    fitOptional(detail.description, 80, segmentId, position),
  ];
}

/** 2410 drug identification: LIN, CTP, REF*VY|XZ. */
export interface DrugView {
  readonly serviceIdQualifier?: string | undefined;
  readonly nationalDrugCode: string;
  readonly nationalDrugUnitCount: string;
  readonly measurementUnitCode: string;
  readonly linkSequenceNumber?: string | undefined;
  readonly pharmacyPrescriptionNumber?: string | undefined;
}

export function writeDrugIdentification(writer: SegmentWriter, drug: DrugView): void {
  writer.segment(
    'LIN',
    undefined,
    drug.serviceIdQualifier ?? 'N4',
    fit(drug.nationalDrugCode, 48, 'LIN', 3),
  );
  writer.segment(
    'CTP',
    undefined,
    undefined,
    undefined,
    fit(drug.nationalDrugUnitCount, 15, 'CTP', 4),
    drug.measurementUnitCode,
  );
  writeReference(writer, 'VY', drug.linkSequenceNumber);
  writeReference(writer, 'XZ', drug.pharmacyPrescriptionNumber);
}

/** LX01: the TR3 numbers lines 1..n, so a given assignedNumber must be the line's position. */
export function assignedNumber(given: string | undefined, position: number): number {
  if (given !== undefined && given !== String(position)) {
    throw writeError('INVALID_ELEMENT', 'LX01 must number service lines 1..n in order', 'LX', 1);
  }
  return position;
}
