import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { InstitutionalClaim } from '#shared/domain/claims/institutional-claim';
import type { ProfessionalClaim } from '#shared/domain/claims/professional-claim';
import {
  validateInstitutionalClaim,
  validateProfessionalClaim,
} from '#shared/domain/claims/validate-claim';
import { X12Error } from '#shared/x12/errors';
import { buildInstitutionalInterchange } from '#shared/x12/generate-837-institutional';
import { buildProfessionalInterchange } from '#shared/x12/generate-837-professional';
import { x12Amount } from '#shared/x12/money';
import { create837Parser, type Claims837 } from '#shared/x12/parse-837';
import { parseX12 } from '#shared/x12/parse-document';
import { testEnvelope837, validClaim } from './claim-837-fixtures.ts';

const corpus = fileURLToPath(new URL('../../../../shared/x12-corpus/', import.meta.url));
const corpusPresent = existsSync(corpus);

function parse837(text: string | Uint8Array): Claims837[] {
  const document = parseX12(text, { parsers: { '837': create837Parser } });
  return document.interchanges.flatMap((interchange) =>
    interchange.groups.flatMap((group) => group.transactions as Claims837[]),
  );
}

function corpusFile(name: string): Claims837[] {
  return parse837(readFileSync(`${corpus}${name}`));
}

const today = { today: '2025-06-01', randomBytes: (size: number) => new Uint8Array(size).fill(3) };

function fixture(name: string): unknown {
  const url = new URL(`../../fixtures/${name}`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8'));
}

function professional(input: unknown): ProfessionalClaim {
  return validClaim(validateProfessionalClaim, input, today);
}

function institutional(input: unknown): InstitutionalClaim {
  return validClaim(validateInstitutionalClaim, input, today);
}

const createdAt = new Date('2025-06-01T12:00:00Z');
const envelope = testEnvelope837({
  createdAt,
  interchangeControlNumber: 1,
  groupControlNumber: 1,
  acknowledgmentRequested: false,
});

const AMOUNT_KEYS = new Set([
  'claimChargeAmount',
  'lineItemChargeAmount',
  'patientAmountPaid',
  'patientEstimatedAmountDue',
  'valueCodeAmount',
  'nonCoveredChargeAmount',
]);

/**
 * What a claim looks like after a trip through X12: amounts in X12 form ("150.00" -> "150"),
 * ST02 as the control number, every line numbered, SBR03 named groupNumber, and no usage
 * indicator (an interchange property, not a claim's).
 */
function afterX12(claim: object, controlNumber: string): unknown {
  const walk = (value: unknown, key: string): unknown => {
    if (typeof value === 'string' && AMOUNT_KEYS.has(key)) {
      const [whole = '0', fraction = ''] = value.split('.');
      return x12Amount(Number(whole) * 100 + Number(fraction.padEnd(2, '0')));
    }
    if (Array.isArray(value)) return value.map((item) => walk(item, ''));
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) {
        if (v !== undefined) out[k] = walk(v, k);
      }
      return out;
    }
    return value;
  };
  const copy = walk(claim, '') as Record<string, unknown> & {
    subscriber: Record<string, unknown>;
    claimInformation: { serviceLines: Record<string, unknown>[] };
  };
  copy.controlNumber = controlNumber;
  delete copy.usageIndicator;
  if (copy.subscriber.policyNumber !== undefined) {
    copy.subscriber.groupNumber ??= copy.subscriber.policyNumber;
    delete copy.subscriber.policyNumber;
  }
  copy.claimInformation.serviceLines.forEach((line, index) => {
    line.assignedNumber = String(index + 1);
  });
  return copy;
}

function roundTripProfessional(claim: ProfessionalClaim) {
  const text = buildProfessionalInterchange([{ claim, claimId: 'trace-1' }], envelope);
  const [set] = parse837(text);
  return { set, parsed: set?.claims[0] };
}

function roundTripInstitutional(claim: InstitutionalClaim) {
  const text = buildInstitutionalInterchange([{ claim, claimId: 'trace-1' }], envelope);
  const [set] = parse837(text);
  return { set, parsed: set?.claims[0] };
}

describe.skipIf(!corpusPresent)('create837Parser on the public corpus', () => {
  it('reads the all-fields 837P and lists every segment our shape cannot carry', () => {
    const [set] = corpusFile('837p/hdi-837P-all-fields.dat');

    expect(set?.variant).toBe('professional');
    expect(set?.claims).toHaveLength(1);
    const claim = set?.claims[0];
    expect(claim?.claim).toMatchObject({
      tradingPartnerServiceId: '999996666',
      claimInformation: { patientControlNumber: '36463774', claimChargeAmount: '100' },
      dependent: { firstName: 'TED', lastName: 'SMITH', relationshipToSubscriberCode: '19' },
    });
    const loops = new Set(claim?.unsupported.map((entry) => entry.loop));
    for (const loop of ['2010AB', '2010AC', '2320', '2330', '2420', '2430', '2440']) {
      expect(loops).toContain(loop);
    }
    expect(claim?.traceNumber).toBe('ClaimIdForTransm');
    expect(set?.warnings.map((warning) => warning.message)).toEqual([
      'implementation reference is not 005010X222A1; parsed as professional',
    ]);
  });

  it('reads the TR3 example 1 (dependent patient, four lines, pre-A1 label)', () => {
    const [set] = corpusFile('837p/oopfactory-837p-example1-health-insurance.txt');
    const claim = set?.claims[0]?.claim as {
      claimInformation: { serviceLines: { serviceDateEnd?: string }[] };
    };

    expect(set?.claims).toHaveLength(1);
    expect(claim).toMatchObject({
      claimInformation: {
        patientControlNumber: '26463774',
        claimChargeAmount: '100',
        healthCareCodeInformation: [
          { diagnosisTypeCode: 'BK', diagnosisCode: '0340' },
          { diagnosisTypeCode: 'BF', diagnosisCode: 'V7389' },
        ],
      },
      subscriber: { memberId: 'JS00111223333', lastName: 'SMITH', gender: 'F' },
    });
    expect(claim.claimInformation.serviceLines).toHaveLength(4);
    expect(claim.claimInformation.serviceLines[3]?.serviceDateEnd).toBe('20061025');
  });

  it('reads five subscriber levels with one claim each, with | and > separators', () => {
    const [set] = corpusFile('837p/oopfactory-837p-medicaid-5-claims.txt');

    expect(set?.claims).toHaveLength(5);
    for (const claim of set?.claims ?? []) {
      expect(claim.claim).toMatchObject({
        subscriber: { paymentResponsibilityLevelCode: 'P' },
        claimInformation: { patientControlNumber: '9999', claimChargeAmount: '99.99' },
      });
      expect(claim.claim).not.toHaveProperty('dependent');
    }
  });

  it('reads a CR-terminated claim and reports its secondary payer loops', () => {
    const [set] = corpusFile('837p/oopfactory-837p-st1309-cr-terminator.txt');
    const claim = set?.claims[0];

    expect(claim?.claim).toMatchObject({
      claimInformation: { patientControlNumber: 'B330004Y', claimChargeAmount: '360' },
      rendering: { lastName: 'DOE', firstName: 'DAVID', taxonomyCode: '207X00000X' },
      referring: { lastName: 'DOE', firstName: 'MONA' },
    });
    expect(claim?.unsupported.filter((entry) => entry.loop === '2320')).toHaveLength(2);
  });

  it('reads the imsweb file with two claims under two subscribers', () => {
    const [set] = corpusFile('837p/imsweb-837p-x12-valid-but-invalid.txt');

    expect(
      set?.claims.map((claim) => [
        (claim.claim.claimInformation as Record<string, unknown>).patientControlNumber,
        (claim.claim.claimInformation as Record<string, unknown>).claimChargeAmount,
      ]),
    ).toEqual([
      ['A37YH556', '500'],
      ['A37YH667', '500'],
    ]);
  });

  it('reads the all-fields 837I with its code lists, attending provider and COB loops', () => {
    const [set] = corpusFile('837i/hdi-837I-all-fields.dat');
    const claim = set?.claims[0];

    expect(set?.variant).toBe('institutional');
    expect(claim?.claim).toMatchObject({
      attending: {
        providerType: 'AttendingProvider',
        lastName: 'JONES',
        taxonomyCode: '208D00000X',
      },
      claimInformation: {
        patientControlNumber: 'ABC0002',
        claimChargeAmount: '259.96',
        placeOfServiceCode: '11',
        claimCodeInformation: {
          admissionTypeCode: '3',
          admissionSourceCode: '7',
          patientStatusCode: '01',
        },
        claimDateInformation: { statementBeginDate: '20190310', statementEndDate: '20190311' },
        principalDiagnosis: {
          qualifierCode: 'ABK',
          principalDiagnosisCode: 'M24562',
          presentOnAdmissionIndicator: 'N',
        },
        admittingDiagnosis: { qualifierCode: 'ABJ', admittingDiagnosisCode: 'H5988' },
      },
    });
    const info = claim?.claim.claimInformation as Record<string, unknown[][]>;
    expect(info.valueInformationList?.[0]).toHaveLength(12);
    expect(info.valueInformationList?.[0]?.[0]).toEqual({
      valueCode: '01',
      valueCodeAmount: '73.42',
    });
    expect(info.conditionCodesList?.[0]).toHaveLength(12);
    expect(new Set(claim?.unsupported.map((entry) => entry.loop))).toContain('2320');
  });

  it.each([
    ['837i/lfh-837i-two-claims.837i', ['756048Q', '89.95'], ['756049Q', '50']],
    ['837i/oopfactory-837i-two-claims.txt', ['756048Q', '89.95'], ['756049Q', '50']],
  ])('reads both claims of %s', (file, first, second) => {
    const [set] = corpusFile(file);
    const pairs = set?.claims.map((claim) => {
      const info = claim.claim.claimInformation as Record<string, string>;
      return [info.patientControlNumber, info.claimChargeAmount];
    });

    expect(set?.variant).toBe('institutional');
    expect(pairs).toEqual([first, second]);
  });

  it('warns on a GS08/ST03 mismatch and uses ST03', () => {
    const [set] = corpusFile('837i/oopfactory-837i-two-claims.txt');

    expect(set?.warnings.map((warning) => warning.message)).toContain(
      'ST03 and GS08 name different 837 implementations; ST03 is used',
    );
  });

  it('reads the imsweb 837I and reports its other-subscriber loops', () => {
    const [set] = corpusFile('837i/imsweb-837i-x223-test.txt');
    const claim = set?.claims[0];

    expect(claim?.claim).toMatchObject({
      claimInformation: { patientControlNumber: 'A37YH556', claimChargeAmount: '500' },
    });
    expect(claim?.unsupported.filter((entry) => entry.segmentId === 'SBR')).toHaveLength(2);
  });
});

describe('create837Parser round trips', () => {
  const professionalFull = professional(fixture('claims/professional-full.json'));
  const professionalMinimal = professional(fixture('claims/professional-minimal.json'));
  const professionalAllParts = professional(fixture('x12/837/professional-all-parts.json'));
  const institutionalFull = institutional(fixture('claims/institutional-full.json'));
  const institutionalMinimal = institutional(fixture('claims/institutional-minimal.json'));

  const { dependent: _dependent, ...subscriberPatient } = professionalFull;
  const { referring: _r, rendering: _d, ...withoutProviders } = professionalFull;
  const { serviceFacilityLocation: _f, ...infoWithoutFacility } = professionalFull.claimInformation;
  const professionalVariants: [string, ProfessionalClaim][] = [
    ['the full fixture', professionalFull],
    ['the minimal fixture', professionalMinimal],
    ['all optional parts (frequency 7, drug, four modifiers, date range)', professionalAllParts],
    ['a subscriber who is the patient', subscriberPatient],
    ['no referring or rendering provider', withoutProviders],
    ['no service facility', { ...professionalFull, claimInformation: infoWithoutFacility }],
    [
      'a void (frequency 8) with the payer claim number',
      {
        ...professionalFull,
        claimInformation: {
          ...professionalFull.claimInformation,
          claimFrequencyCode: '8',
          claimSupplementalInformation: { claimControlNumber: 'PAYER-CLM-77' },
        },
      },
    ],
  ];

  it.each(professionalVariants)('gives back %s (837P)', (_name, claim) => {
    const { set, parsed } = roundTripProfessional(claim);

    expect(parsed?.unsupported).toEqual([]);
    expect(parsed?.traceNumber).toBe('trace-1');
    expect(parsed?.claim).toEqual(afterX12(claim, '0001'));
    expect(set?.warnings).toEqual([]);
  });

  const { dependent: _i, ...institutionalSubscriberPatient } = institutionalFull;
  const institutionalVariants: [string, InstitutionalClaim][] = [
    ['the full fixture', institutionalFull],
    ['the minimal fixture', institutionalMinimal],
    ['a subscriber who is the patient', institutionalSubscriberPatient],
  ];

  it.each(institutionalVariants)('gives back %s (837I)', (_name, claim) => {
    const { set, parsed } = roundTripInstitutional(claim);

    expect(parsed?.unsupported).toEqual([]);
    expect(parsed?.claim).toEqual(afterX12(claim, '0001'));
    expect(set?.variant).toBe('institutional');
  });

  it('gives back claims that pass the same validator', () => {
    const { parsed } = roundTripProfessional(professionalFull);

    expect(validateProfessionalClaim(parsed?.claim, today).ok).toBe(true);
  });

  it('gives back several claims from one interchange, one per transaction set', () => {
    const text = buildProfessionalInterchange(
      [
        { claim: professionalFull, claimId: 'a' },
        { claim: professionalMinimal, claimId: 'b' },
      ],
      envelope,
    );

    const sets = parse837(text);

    expect(sets.map((set) => set.controlNumber)).toEqual(['0001', '0002']);
    expect(sets.map((set) => set.claims[0]?.traceNumber)).toEqual(['a', 'b']);
  });

  it('round-trips random valid professional claims (property)', () => {
    const base = professionalAllParts;
    const text = fc.stringMatching(/^[A-Z][A-Z0-9 ]{0,19}$/);
    const money = fc
      .integer({ min: 0, max: 99_999_999 })
      .map((cents) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`);
    const line = fc.record({
      code: fc.constantFrom('99213', '99214', '87880', 'J3420', '90686'),
      modifiers: fc.array(fc.constantFrom('25', 'GT', '59', 'QW', 'XU'), { maxLength: 4 }),
      charge: money,
      units: fc.constantFrom('1', '2', '1.5', '10'),
      range: fc.boolean(),
      drug: fc.boolean(),
    });
    const claims = fc
      .record({
        dependent: fc.boolean(),
        lastName: text,
        frequency: fc.constantFrom('1', '7', '8'),
        referring: fc.boolean(),
        rendering: fc.boolean(),
        facility: fc.boolean(),
        lines: fc.array(line, { minLength: 1, maxLength: 6 }),
      })
      .map((shape) => {
        const {
          dependent,
          referring,
          rendering,
          claimInformation: { serviceFacilityLocation, ...info },
          ...rest
        } = base;
        const serviceLines = shape.lines.map((entry, index) => {
          const template = base.claimInformation.serviceLines[1];
          if (template === undefined) throw new Error('fixture has two lines');
          const { drugIdentification, serviceDateEnd: _end, ...lineRest } = template;
          return {
            ...lineRest,
            assignedNumber: String(index + 1),
            providerControlNumber: `L${index + 1}`,
            ...(entry.range ? { serviceDateEnd: '20240112' } : {}),
            ...(entry.drug && drugIdentification !== undefined ? { drugIdentification } : {}),
            professionalService: {
              ...template.professionalService,
              procedureCode: entry.code,
              lineItemChargeAmount: entry.charge,
              serviceUnitCount: entry.units,
              ...(entry.modifiers.length > 0 ? { procedureModifiers: entry.modifiers } : {}),
            },
          };
        });
        const claim: ProfessionalClaim = {
          ...rest,
          subscriber: { ...rest.subscriber, lastName: shape.lastName },
          ...(shape.dependent && dependent !== undefined ? { dependent } : {}),
          ...(shape.referring && referring !== undefined ? { referring } : {}),
          ...(shape.rendering && rendering !== undefined ? { rendering } : {}),
          claimInformation: {
            ...info,
            claimFrequencyCode: shape.frequency,
            ...(shape.facility && serviceFacilityLocation !== undefined
              ? { serviceFacilityLocation }
              : {}),
            serviceLines,
          },
        };
        return claim;
      });

    fc.assert(
      fc.property(claims, (claim) => {
        const { parsed } = roundTripProfessional(claim);
        expect(parsed?.unsupported).toEqual([]);
        expect(parsed?.claim).toEqual(afterX12(claim, '0001'));
      }),
      { numRuns: 200 },
    );
  });
});

describe('create837Parser refusals', () => {
  it('refuses a transaction that names neither X222 nor X223', () => {
    const text = buildProfessionalInterchange(
      [{ claim: professional(fixture('claims/professional-minimal.json')), claimId: 'x' }],
      envelope,
    ).replaceAll('005010X222A1', '005010X999A1');

    expect(() => parse837(text)).toThrow(X12Error);
  });

  it('refuses a CLM outside any subscriber level', () => {
    const text = buildProfessionalInterchange(
      [{ claim: professional(fixture('claims/professional-minimal.json')), claimId: 'x' }],
      envelope,
    ).replace(/HL\*2\*1\*22\*0~/, '');

    expect(() => parse837(text)).toThrow(/CLM outside a subscriber or patient level/);
  });
});
