/* eslint-disable @typescript-eslint/no-unsafe-member-access -- fixtures are untyped JSON that each test mutates at its own depth */
import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import { institutionalClaimSchema } from '#shared/domain/claims/institutional-claim';
import { professionalClaimSchema } from '#shared/domain/claims/professional-claim';
import {
  validateInstitutionalClaim,
  validateProfessionalClaim,
} from '#shared/domain/claims/validate-claim';
import { FIXTURE_TODAY, loadClaimFixture } from './claim-fixtures.ts';

const options = { today: FIXTURE_TODAY, randomBytes: () => new Uint8Array(17).fill(33) };

describe('validateProfessionalClaim', () => {
  it('accepts the full fixture and returns it with its own control numbers untouched', () => {
    const input = loadClaimFixture('professional-full');

    const result = validateProfessionalClaim(input, options);

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.claim.claimInformation.patientControlNumber).toBe('RCP2025031800017');
    expect(
      result.claim.claimInformation.serviceLines.map((line) => line.providerControlNumber),
    ).toEqual(['RCP17-L1', 'RCP17-L2', 'RCP17-L3', 'RCP17-L4']);
    expect(result.claim.dependent?.relationshipToSubscriberCode).toBe('19');
  });

  it('issues the patient control number and every line item control number when absent', () => {
    const input = loadClaimFixture('professional-minimal');

    const result = validateProfessionalClaim(input, options);

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.claim.claimInformation.patientControlNumber).toBe('1'.repeat(17));
    expect(result.claim.claimInformation.serviceLines[0]?.providerControlNumber).toBe(
      `${'1'.repeat(17)}-1`,
    );
  });

  it('reports every failure at once with its JSON path, across broken and sound branches', () => {
    const input = loadClaimFixture('professional-full');
    input.subscriber = 'not an object';
    input.billing.npi = '1234567890';
    input.claimInformation.serviceLines[1].professionalService = null;
    input.claimInformation.serviceLines[0].serviceDate = '20250230';
    input.claimInformation.claimFrequencyCode = '7';

    const result = validateProfessionalClaim(input, options);

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map(({ path, code }) => ({ path, code }))).toEqual(
      expect.arrayContaining([
        { path: 'subscriber', code: 'INVALID_TYPE' },
        { path: 'billing.npi', code: 'INVALID_NPI' },
        { path: 'claimInformation.serviceLines[1].professionalService', code: 'INVALID_TYPE' },
        { path: 'claimInformation.serviceLines[0].serviceDate', code: 'INVALID_DATE' },
        {
          path: 'claimInformation.claimSupplementalInformation.claimControlNumber',
          code: 'PAYER_CLAIM_NUMBER_REQUIRED',
        },
      ]),
    );
  });

  it('reports a field failing both its pattern and its refinement once', () => {
    const input = loadClaimFixture('professional-full');
    input.billing.npi = 'ABC';

    const result = validateProfessionalClaim(input, options);

    expect(
      result.ok ? [] : result.issues.filter((issue) => issue.path === 'billing.npi'),
    ).toHaveLength(1);
  });

  it('upper-cases state codes sent in lower case, as the reference examples do', () => {
    const input = loadClaimFixture('professional-full');
    input.billing.address.state = 'or';

    const result = validateProfessionalClaim(input, options);

    expect(result.ok && result.claim.billing.address.state).toBe('OR');
  });

  it('accepts a planned return-to-work date after today but not a future onset date', () => {
    const input = loadClaimFixture('professional-full');
    input.claimInformation.claimDateInformation.authorizedReturnToWorkDate = '20250901';
    input.claimInformation.claimDateInformation.symptomDate = '20250701';

    const result = validateProfessionalClaim(input, options);

    expect(result.ok ? [] : result.issues.map((issue) => issue.path)).toEqual([
      'claimInformation.claimDateInformation.symptomDate',
    ]);
  });

  it('accepts the 21 (unknown) relationship the reference describes but leaves out of its enum', () => {
    const input = loadClaimFixture('professional-full');
    input.dependent.relationshipToSubscriberCode = '21';

    expect(validateProfessionalClaim(input, options).ok).toBe(true);
  });

  it('accepts a replacement that carries the payer claim control number', () => {
    const input = loadClaimFixture('professional-full');
    input.claimInformation.claimFrequencyCode = '7';
    input.claimInformation.claimSupplementalInformation.claimControlNumber = '2025077123456';

    expect(validateProfessionalClaim(input, options).ok).toBe(true);
  });

  it('never puts submitted values into messages, even PHI-looking ones', () => {
    const input = loadClaimFixture('professional-full');
    const phi = {
      name: 'ZEBULON*QUIXWORTH',
      birth: '19990231',
      member: 'MBR-7731-SECRET-0042-XX-TOO-LONG-'.repeat(3),
      diagnosis: 'F32.A9',
      account: 'ACCT 9931 7781 0000 SECRET',
      ssn: '666554444',
    };
    input.dependent.lastName = phi.name;
    input.dependent.dateOfBirth = phi.birth;
    input.subscriber.memberId = phi.member;
    input.subscriber.ssn = phi.ssn;
    input.claimInformation.healthCareCodeInformation[0].diagnosisCode = phi.diagnosis;
    input.claimInformation.patientControlNumber = phi.account;

    const result = validateProfessionalClaim(input, options);

    expect(result.ok).toBe(false);
    const text = JSON.stringify(result.ok ? [] : result.issues.map((issue) => issue.message));
    expect(result.ok ? 0 : result.issues.length).toBeGreaterThanOrEqual(6);
    for (const value of [...Object.values(phi), 'ZEBULON', 'QUIXWORTH', '9931', '554444', 'F32']) {
      expect(text).not.toContain(value);
    }
  });

  it('refuses a malformed injected today instead of guessing', () => {
    expect(() => validateProfessionalClaim({}, { today: 'yesterday' })).toThrow(RangeError);
  });
});

describe('validateInstitutionalClaim', () => {
  it('accepts the full fixture with its value, occurrence and condition codes', () => {
    const result = validateInstitutionalClaim(loadClaimFixture('institutional-full'), options);

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.claim.claimInformation.valueInformationList?.[0]?.[0]?.valueCode).toBe('80');
    expect(result.claim.attending?.npi).toBe('1497758544');
  });

  it('issues control numbers for the minimal fixture, whose subscriber is the patient', () => {
    const result = validateInstitutionalClaim(loadClaimFixture('institutional-minimal'), options);

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.claim.dependent).toBeUndefined();
    expect(result.claim.claimInformation.serviceLines[0]?.lineItemControlNumber).toBe(
      `${'1'.repeat(17)}-1`,
    );
  });

  it('requires the principal diagnosis', () => {
    const input = loadClaimFixture('institutional-minimal');
    delete input.claimInformation.principalDiagnosis;

    const result = validateInstitutionalClaim(input, options);

    expect(result.ok ? [] : result.issues).toContainEqual(
      expect.objectContaining({ path: 'claimInformation.principalDiagnosis', code: 'REQUIRED' }),
    );
  });

  it('does not require an admission date for an outpatient bill type', () => {
    const input = loadClaimFixture('institutional-minimal');

    expect(input.claimInformation.placeOfServiceCode).toBe('13');
    expect(validateInstitutionalClaim(input, options).ok).toBe(true);
  });

  it('requires a procedure code once a line names a procedure qualifier', () => {
    const input = loadClaimFixture('institutional-minimal');
    delete input.claimInformation.serviceLines[0].institutionalService.procedureCode;

    const result = validateInstitutionalClaim(input, options);

    expect(result.ok ? [] : result.issues).toContainEqual(
      expect.objectContaining({
        path: 'claimInformation.serviceLines[0].institutionalService.procedureCode',
        code: 'REQUIRED',
      }),
    );
  });

  it('refuses a reversed occurrence span', () => {
    const input = loadClaimFixture('institutional-full');
    input.claimInformation.occurrenceSpanInformations = [
      [
        {
          occurrenceSpanCode: '70',
          occurrenceSpanCodeStartDate: '20250320',
          occurrenceSpanCodeEndDate: '20250310',
        },
      ],
    ];

    const result = validateInstitutionalClaim(input, options);

    expect(result.ok ? [] : result.issues).toContainEqual(
      expect.objectContaining({
        path: 'claimInformation.occurrenceSpanInformations[0][0].occurrenceSpanCodeEndDate',
        code: 'DATE_RANGE_REVERSED',
      }),
    );
  });
});

describe('claim schemas', () => {
  it('convert to JSON Schema for the API documents', () => {
    const professional = z.toJSONSchema(professionalClaimSchema);
    const institutional = z.toJSONSchema(institutionalClaimSchema);

    expect(professional.additionalProperties).toBe(false);
    expect(Object.keys(professional.properties ?? {})).toContain('claimInformation');
    expect(Object.keys(institutional.properties ?? {})).toContain('attending');
  });
});
