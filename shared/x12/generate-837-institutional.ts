// 837I (005010X223A2) from an institutional claim in the API's shape (Change Healthcare
// Institutional Claims v1 request). One claim is one transaction set, with the same envelope
// and hierarchy as the 837P (claim-837-parts.ts); the 2300 claim carries the bill type in CLM05,
// the statement period, CL1 and the UB-04 code lists in HI, and lines are SV2 revenue lines.

import { X12Error } from './errors.ts';
import {
  write837Interchange,
  claimTransactionSet,
  writeHeaderAndBillingProvider,
  writeSubscriberHierarchy,
  type Claim837Kind,
  type ClaimToSend,
  type ClaimTransactionOptions,
  type Interchange837Envelope,
} from './claim-837-envelope.ts';
import {
  amount,
  assignedNumber,
  fit,
  optionalAmount,
  procedureComposite,
  writeClaimSegment,
  writeDateOrRange,
  writeDrugIdentification,
  writeHealthCareCodes,
  writeNote,
  writeProviderLoop,
  writeReference,
  writeServiceFacility,
} from './claim-837-parts.ts';
import type { InstitutionalClaim } from '#shared/domain/claims/institutional-claim';
import type { SegmentWriter, TransactionSetSpec } from './writer.ts';

export const INSTITUTIONAL_VERSION = '005010X223A2';

const INSTITUTIONAL_837: Claim837Kind<InstitutionalClaim> = {
  version: INSTITUTIONAL_VERSION,
  writeClaim: writeInstitutionalClaim,
};

/** The transaction set (ST..SE) of one institutional claim, for writeInterchange. */
export function institutionalTransactionSet(
  claim: InstitutionalClaim,
  options: ClaimTransactionOptions,
): TransactionSetSpec {
  return claimTransactionSet(INSTITUTIONAL_837, claim, options);
}

/** A whole interchange (ISA..IEA), one transaction set per claim, ST02 = 1..n. */
export function buildInstitutionalInterchange(
  claims: readonly ClaimToSend<InstitutionalClaim>[],
  envelope: Interchange837Envelope,
): string {
  return write837Interchange(INSTITUTIONAL_837, claims, envelope);
}

type ClaimInformation = InstitutionalClaim['claimInformation'];
type ServiceLine = ClaimInformation['serviceLines'][number];

function writeInstitutionalClaim(
  writer: SegmentWriter,
  claim: InstitutionalClaim,
  options: ClaimTransactionOptions,
): void {
  const info = claim.claimInformation;
  writeHeaderAndBillingProvider(writer, claim, options);
  writeSubscriberHierarchy(writer, claim, claim.subscriber, info.claimFilingCode);

  // 2300: CLM06 (signature) is not used in the 837I; the schema has no field for it.
  writeClaimSegment(writer, info, 'A');
  const dates = info.claimDateInformation;
  if (dates.dischargeHour !== undefined) writer.segment('DTP', '096', 'TM', dates.dischargeHour);
  // The TR3 writes the statement period as RD8 even for a one-day stay.
  writer.segment(
    'DTP',
    '434',
    'RD8',
    fit(`${dates.statementBeginDate}-${dates.statementEndDate}`, 35, 'DTP', 3),
  );
  const admission = dates.admissionDateAndHour;
  if (admission !== undefined) {
    writer.segment(
      'DTP',
      '435',
      admission.length === 12 ? 'DT' : 'D8',
      fit(admission, 35, 'DTP', 3),
    );
  }
  const codes = info.claimCodeInformation;
  writer.segment(
    'CL1',
    codes.admissionTypeCode,
    codes.admissionSourceCode,
    codes.patientStatusCode,
  );
  const due = optionalAmount(info.patientEstimatedAmountDue, 'AMT', 2);
  if (due !== undefined) writer.segment('AMT', 'EAF', due);
  const references = info.claimSupplementalInformation;
  writeReference(writer, '9F', references?.referralNumber);
  writeReference(writer, 'G1', references?.priorAuthorizationNumber);
  writeReference(writer, 'F8', references?.claimControlNumber);
  writeReference(writer, 'D9', options.claimId);
  writeReference(writer, 'EA', references?.medicalRecordNumber);
  writeNote(writer, 'ADD', info.billingNote);
  writeInstitutionalCodes(writer, info);

  // 2310A attending (PRV*AT), 2310D rendering, 2310E service facility, 2310F referring
  if (claim.attending !== undefined) writeProviderLoop(writer, '71', claim.attending, 'AT');
  if (claim.rendering !== undefined) {
    refuseTaxonomy(claim.rendering.taxonomyCode, '2310D rendering');
    writeProviderLoop(writer, '82', claim.rendering, undefined);
  }
  const facility = info.serviceFacilityLocation;
  if (facility !== undefined) writeServiceFacility(writer, facility, facility.identificationCode);
  if (claim.referring !== undefined) {
    refuseTaxonomy(claim.referring.taxonomyCode, '2310F referring');
    writeProviderLoop(writer, 'DN', claim.referring, undefined);
  }

  let lineNumber = 0;
  for (const line of info.serviceLines) {
    lineNumber++;
    writeServiceLine(writer, line, lineNumber);
  }
}

/** Only the attending provider has a PRV in the X223A2 2310 loops. */
function refuseTaxonomy(taxonomyCode: string | undefined, loop: string): void {
  if (taxonomyCode !== undefined) {
    throw new X12Error('UNEXPECTED_SEGMENT', `${loop} provider has no PRV in X223A2`, {
      segment: 0,
      segmentId: 'PRV',
      position: 3,
    });
  }
}

/**
 * HI segments in TR3 order: principal (ABK), admitting (ABJ), reason for visit (APR), other
 * diagnoses (ABF), occurrence spans (BI), occurrences (BH), values (BE), conditions (BG).
 * Present-on-admission indicators travel in HIxx-9.
 */
function writeInstitutionalCodes(writer: SegmentWriter, info: ClaimInformation): void {
  const principal = info.principalDiagnosis;
  writer.segment('HI', [
    principal.qualifierCode,
    fit(principal.principalDiagnosisCode, 30, 'HI', 1),
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
    principal.presentOnAdmissionIndicator,
  ]);
  const admitting = info.admittingDiagnosis;
  if (admitting !== undefined) {
    writer.segment('HI', [
      admitting.qualifierCode,
      fit(admitting.admittingDiagnosisCode, 30, 'HI', 1),
    ]);
  }
  const reasons = info.patientReasonForVisits;
  if (reasons !== undefined) {
    writeHealthCareCodes(
      writer,
      reasons.map((reason) => [
        reason.qualifierCode,
        fit(reason.patientReasonForVisitCode, 30, 'HI', 1),
      ]),
    );
  }
  for (const group of info.otherDiagnosisInformationList ?? []) {
    writeHealthCareCodes(
      writer,
      group.map((other) => [
        other.qualifierCode,
        fit(other.otherDiagnosisCode, 30, 'HI', 1),
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
        other.presentOnAdmissionIndicator,
      ]),
    );
  }
  for (const group of info.occurrenceSpanInformations ?? []) {
    writeHealthCareCodes(
      writer,
      group.map((span) => [
        'BI',
        span.occurrenceSpanCode,
        'RD8',
        `${span.occurrenceSpanCodeStartDate}-${span.occurrenceSpanCodeEndDate}`,
      ]),
    );
  }
  for (const group of info.occurrenceInformationList ?? []) {
    writeHealthCareCodes(
      writer,
      group.map((occurrence) => [
        'BH',
        occurrence.occurrenceSpanCode,
        'D8',
        occurrence.occurrenceSpanCodeDate,
      ]),
    );
  }
  for (const group of info.valueInformationList ?? []) {
    writeHealthCareCodes(
      writer,
      group.map((value) => [
        'BE',
        value.valueCode,
        undefined,
        undefined,
        amount(value.valueCodeAmount, 'HI', 1),
      ]),
    );
  }
  for (const group of info.conditionCodesList ?? []) {
    writeHealthCareCodes(
      writer,
      group.map((condition) => ['BG', condition.conditionCode]),
    );
  }
}

function writeServiceLine(writer: SegmentWriter, line: ServiceLine, lineNumber: number): void {
  const service = line.institutionalService;
  writer.segment('LX', assignedNumber(line.assignedNumber, lineNumber));
  writer.segment(
    'SV2',
    fit(service.serviceLineRevenueCode, 48, 'SV2', 1),
    service.procedureCode === undefined
      ? undefined
      : procedureComposite(
          service.procedureIdentifier ?? 'HC',
          service.procedureCode,
          service,
          'SV2',
          2,
        ),
    amount(service.lineItemChargeAmount, 'SV2', 3),
    service.measurementUnit,
    fit(service.serviceUnitCount, 15, 'SV2', 5),
    undefined,
    optionalAmount(service.nonCoveredChargeAmount, 'SV2', 7),
  );
  if (line.serviceDate !== undefined) {
    writeDateOrRange(writer, '472', line.serviceDate, line.serviceDateEnd);
  }
  writeReference(writer, '6R', line.lineItemControlNumber);
  if (line.drugIdentification !== undefined) {
    writeDrugIdentification(writer, { ...line.drugIdentification, serviceIdQualifier: 'N4' });
  }
}
