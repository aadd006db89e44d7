// What the sandbox payer reads of one claim of an inbound 837: the claim JSON that parse837
// produces (Professional Claims v3 / Institutional Claims v1 shape) reduced to the values its
// answers echo. Values are read as the file has them; a missing one becomes a neutral default
// rather than an exception, because a payer answers whatever it can identify.

import type {
  ClaimJson,
  ClaimJsonValue,
  ClaimVariant,
  Parsed837Claim,
} from '#shared/x12/parse-837';
import { parseCents } from '#shared/domain/money/cents';

export interface InboundLine {
  /** SVC01-1: HC for a procedure, NU for a revenue code alone */
  readonly procedureQualifier: string;
  readonly procedureCode: string;
  readonly modifiers: readonly string[];
  /** institutional revenue code (SVC04 when a procedure is also given) */
  readonly revenueCode: string | null;
  readonly chargeCents: number;
  readonly units: string | null;
  /** REF*6R of the 837 line */
  readonly lineItemControlNumber: string | null;
  /** YYYY-MM-DD */
  readonly serviceFrom: string | null;
  readonly serviceTo: string | null;
}

export interface InboundClaim {
  readonly variant: ClaimVariant;
  /** CLM01 */
  readonly patientControlNumber: string;
  /** our REF*D9 trace id, echoed in the 277CA */
  readonly traceNumber: string | null;
  readonly memberId: string;
  readonly chargeCents: number;
  readonly claimFilingCode: string;
  /** CLM05-1: place of service (837P) or facility type (837I) */
  readonly facilityCode: string | null;
  readonly frequencyCode: string | null;
  readonly payer: { readonly name: string; readonly id: string };
  readonly billingProvider: {
    readonly name: string;
    readonly npi: string;
    readonly taxId: string | null;
  };
  /** the patient: the dependent when there is one, else the subscriber */
  readonly patient: { readonly lastName: string; readonly firstName: string | null };
  /** 837I statement dates, YYYY-MM-DD */
  readonly statementFrom: string | null;
  readonly statementTo: string | null;
  readonly lines: readonly InboundLine[];
}

export function inboundClaimOf(parsed: Parsed837Claim, variant: ClaimVariant): InboundClaim {
  const claim = parsed.claim;
  const info = object(claim, 'claimInformation');
  const subscriber = object(claim, 'subscriber');
  const dependent = object(claim, 'dependent');
  const patient = Object.keys(dependent).length > 0 ? dependent : subscriber;
  const billing = object(claim, 'billing');
  const dates = object(info, 'claimDateInformation');
  const lines = array(info, 'serviceLines').map((line) => lineOf(line, variant));
  return {
    variant,
    patientControlNumber: text(info, 'patientControlNumber') ?? '',
    traceNumber: parsed.traceNumber ?? null,
    memberId: text(subscriber, 'memberId') ?? '',
    chargeCents: money(text(info, 'claimChargeAmount')),
    claimFilingCode: text(info, 'claimFilingCode') ?? 'CI',
    facilityCode: text(info, 'placeOfServiceCode'),
    frequencyCode: text(info, 'claimFrequencyCode'),
    payer: {
      name:
        text(claim, 'tradingPartnerName') ??
        text(object(claim, 'receiver'), 'organizationName') ??
        'PAYER',
      id: text(claim, 'tradingPartnerServiceId') ?? 'SANDBOX',
    },
    billingProvider: {
      name: text(billing, 'organizationName') ?? text(billing, 'lastName') ?? 'PROVIDER',
      npi: text(billing, 'npi') ?? '',
      taxId: text(billing, 'employerId') ?? text(billing, 'ssn'),
    },
    patient: {
      lastName: text(patient, 'lastName') ?? '',
      firstName: text(patient, 'firstName'),
    },
    statementFrom: isoDate(text(dates, 'statementBeginDate')),
    statementTo: isoDate(text(dates, 'statementEndDate')),
    lines,
  };
}

function lineOf(line: ClaimJson, variant: ClaimVariant): InboundLine {
  const from = isoDate(text(line, 'serviceDate'));
  const to = isoDate(text(line, 'serviceDateEnd')) ?? from;
  if (variant === 'professional') {
    const service = object(line, 'professionalService');
    return {
      procedureQualifier: text(service, 'procedureIdentifier') ?? 'HC',
      procedureCode: text(service, 'procedureCode') ?? '',
      modifiers: strings(service, 'procedureModifiers'),
      revenueCode: null,
      chargeCents: money(text(service, 'lineItemChargeAmount')),
      units: text(service, 'serviceUnitCount'),
      lineItemControlNumber: text(line, 'providerControlNumber'),
      serviceFrom: from,
      serviceTo: to,
    };
  }
  const service = object(line, 'institutionalService');
  const revenueCode = text(service, 'serviceLineRevenueCode');
  const procedureCode = text(service, 'procedureCode');
  return {
    procedureQualifier:
      procedureCode === null ? 'NU' : (text(service, 'procedureIdentifier') ?? 'HC'),
    procedureCode: procedureCode ?? revenueCode ?? '',
    modifiers: procedureCode === null ? [] : strings(service, 'procedureModifiers'),
    revenueCode: procedureCode === null ? null : revenueCode,
    chargeCents: money(text(service, 'lineItemChargeAmount')),
    units: text(service, 'serviceUnitCount'),
    lineItemControlNumber: text(line, 'lineItemControlNumber'),
    serviceFrom: from,
    serviceTo: to,
  };
}

function object(parent: ClaimJson, key: string): ClaimJson {
  const value = parent[key];
  return value !== undefined && typeof value === 'object' && !Array.isArray(value) ? value : {};
}

function array(parent: ClaimJson, key: string): ClaimJson[] {
  const value = parent[key];
  if (!Array.isArray(value)) return [];
  return value.filter(
    (item: ClaimJsonValue): item is ClaimJson => typeof item === 'object' && !Array.isArray(item),
  );
}

function strings(parent: ClaimJson, key: string): string[] {
  const value = parent[key];
  if (!Array.isArray(value)) return [];
  return value.filter((item: ClaimJsonValue): item is string => typeof item === 'string');
}

function text(parent: ClaimJson, key: string): string | null {
  const value = parent[key];
  return typeof value === 'string' && value !== '' ? value : null;
}

function money(value: string | null): number {
  if (value === null) return 0;
  return parseCents(value) ?? 0;
}

/** CCYYMMDD -> YYYY-MM-DD; null for anything else */
function isoDate(value: string | null): string | null {
  if (value === null || !/^\d{8}$/.test(value)) return null;
  return `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}`;
}
