import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { InstitutionalClaim } from '#shared/domain/claims/institutional-claim';
import { validateInstitutionalClaim } from '#shared/domain/claims/validate-claim';
import { buildInstitutionalInterchange } from '#shared/x12/generate-837-institutional';
import { segmentLines, testEnvelope837, validClaim } from './claim-837-fixtures.ts';
import { tr3Violations } from './generate-837-tr3-rules.ts';

/** A colleague's fixture through the validator, which issues the missing control numbers. */
function fixture(name: string): InstitutionalClaim {
  const url = new URL(`../../fixtures/claims/${name}`, import.meta.url);
  return validClaim(validateInstitutionalClaim, JSON.parse(readFileSync(url, 'utf8')), {
    today: '2025-06-01',
    randomBytes: (size) => new Uint8Array(size).fill(7),
  });
}

const fullClaim = fixture('institutional-full.json');
const minimalClaim = fixture('institutional-minimal.json');

const createdAt = new Date('2025-04-05T08:30:00Z');
const envelope = testEnvelope837({
  createdAt,
  interchangeControlNumber: 3,
  groupControlNumber: 3,
  acknowledgmentRequested: false,
});

function build(claim: InstitutionalClaim): string {
  return buildInstitutionalInterchange([{ claim, claimId: 'clm_i1' }], envelope);
}

describe('buildInstitutionalInterchange', () => {
  it.each([
    ['full', fullClaim],
    ['minimal', minimalClaim],
  ])('writes the %s fixture so that it satisfies the encoded TR3 rules', (_name, claim) => {
    expect(tr3Violations(build(claim), 'institutional')).toEqual([]);
  });

  it('writes CLM05 as facility code:A:frequency with no CLM06', () => {
    const clm = segmentLines(build(fullClaim)).find((s) => s.startsWith('CLM*'));

    expect(clm).toBe('CLM*SAV2025040300021*7416.4***11:A:1**A*Y*Y');
  });

  it('writes discharge hour, statement period as RD8, admission as DT, and CL1', () => {
    const out = segmentLines(build(fullClaim));

    expect(out).toEqual(
      expect.arrayContaining([
        'DTP*096*TM*1415',
        'DTP*434*RD8*20250401-20250403',
        'DTP*435*DT*202504010830',
        'CL1*1*7*01',
      ]),
    );
    expect(out.indexOf('DTP*434*RD8*20250401-20250403')).toBeLessThan(out.indexOf('CL1*1*7*01'));
  });

  it('writes the HI code lists in TR3 order with present-on-admission indicators', () => {
    const his = segmentLines(build(fullClaim)).filter((s) => s.startsWith('HI*'));

    expect(his).toEqual([
      'HI*ABK:J189:::::::Y',
      'HI*ABJ:R0602',
      'HI*ABF:E119:::::::Y*ABF:I10:::::::Y*ABF:N179:::::::N',
      'HI*BH:11:D8:20250329',
      'HI*BE:80:::2',
      'HI*BG:39',
    ]);
  });

  it('writes SV2 revenue lines with optional procedure, REF*6R and NDC', () => {
    const out = segmentLines(build(fullClaim));

    expect(out).toEqual(
      expect.arrayContaining([
        'SV2*0120**5400*DA*2',
        'SV2*0450*HC:99285:25*1250*UN*1',
        'DTP*472*RD8*20250401-20250403',
        'REF*6R*SAV21-004',
        'LIN**N4*00409733201',
        'CTP****4*UN',
      ]),
    );
  });

  it('writes the attending provider with PRV*AT', () => {
    const out = segmentLines(build(fullClaim));
    const attending = out.findIndex((s) => s.startsWith('NM1*71*'));

    expect(attending).toBeGreaterThan(0);
    expect(out[attending + 1]).toMatch(/^PRV\*AT\*PXC\*/);
  });
});
