// 837I (005010X223A2) from an institutional claim in the API's shape (Change Healthcare
// Institutional Claims v1 request). One claim is one transaction set, with the same envelope
// and hierarchy as the 837P (claim-837-parts.ts); the 2300 claim carries the bill type in CLM05,
// the statement period, CL1 and the UB-04 code lists in HI, and lines are SV2 revenue lines.

import {
  claim837Writers,
  writeHeaderAndBillingProvider,
  writeSubscriberHierarchy,
  type ClaimTransactionOptions,
} from './claim-837-envelope.ts';
import {
  amount,
  assignedNumber,
  diagnosisComposite,
  fit,
  optionalAmount,
  procedureComposite,
  refuseProviderTaxonomy,
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
import type { SegmentWriter } from './writer.ts';

export const INSTITUTIONAL_VERSION = '005010X223A2';

const INSTITUTIONAL_837 = claim837Writers(INSTITUTIONAL_VERSION, writeInstitutionalClaim);

/** The transaction set (ST..SE) of one institutional claim, for writeInterchange. */
export const institutionalTransactionSet = INSTITUTIONAL_837.transactionSet;

/** A whole interchange (ISA..IEA), one transaction set per claim, ST02 = 1..n. */
export const buildInstitutionalInterchange = INSTITUTIONAL_837.buildInterchange;

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

  // 2310A attending (PRV*AT, the only 2310 PRV of X223A2), 2310D rendering, 2310E service facility, 2310F referring
  if (claim.attending !== undefined) writeProviderLoop(writer, '71', claim.attending, 'AT');
  if (claim.rendering !== undefined) {
    refuseProviderTaxonomy(claim.rendering.taxonomyCode, '2310D rendering', 'X223A2');
    writeProviderLoop(writer, '82', claim.rendering, undefined);
  }
  const facility = info.serviceFacilityLocation;
  if (facility !== undefined) writeServiceFacility(writer, facility, facility.identificationCode);
  if (claim.referring !== undefined) {
    refuseProviderTaxonomy(claim.referring.taxonomyCode, '2310F referring', 'X223A2');
    writeProviderLoop(writer, 'DN', claim.referring, undefined);
  }

  let lineNumber = 0;
  for (const line of info.serviceLines) {
    lineNumber++;
    writeServiceLine(writer, line, lineNumber);
  }
}

/**
 * HI segments in TR3 order: principal (ABK), admitting (ABJ), reason for visit (APR), other
 * diagnoses (ABF), occurrence spans (BI), occurrences (BH), values (BE), conditions (BG).
 * Present-on-admission indicators travel in HIxx-9.
 */
function writeInstitutionalCodes(writer: SegmentWriter, info: ClaimInformation): void {
  const principal = info.principalDiagnosis;
  writer.segment(
    'HI',
    diagnosisComposite(
      principal.qualifierCode,
      principal.principalDiagnosisCode,
      principal.presentOnAdmissionIndicator,
    ),
  );
  const admitting = info.admittingDiagnosis;
  if (admitting !== undefined) {
    writer.segment(
      'HI',
      diagnosisComposite(admitting.qualifierCode, admitting.admittingDiagnosisCode),
    );
  }
  const reasons = info.patientReasonForVisits;
  if (reasons !== undefined) {
    writeHealthCareCodes(
      writer,
      reasons.map((reason) =>
        diagnosisComposite(reason.qualifierCode, reason.patientReasonForVisitCode),
      ),
    );
  }
  for (const group of info.otherDiagnosisInformationList ?? []) {
    writeHealthCareCodes(
      writer,
      group.map((other) =>
        diagnosisComposite(
          other.qualifierCode,
          other.otherDiagnosisCode,
          other.presentOnAdmissionIndicator,
        ),
      ),
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
