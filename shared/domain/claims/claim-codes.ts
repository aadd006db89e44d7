// Code lists both claim shapes share (SBR, PAT, CLM and LIN/CTP values), each with its catalogue
// code. Code *shapes* (ICD-10-CM, CPT, revenue codes...) are in code-shapes.ts.

import * as z from 'zod';
import { withRule } from './schema-metadata.ts';

/** The request's test (T) or production (P) flag. */
export const usageIndicatorSchema = withRule(z.enum(['T', 'P']), { code: 'INVALID_CODE' });

/** SBR01 payer responsibility sequence. */
export const paymentResponsibilityLevelCodeSchema = withRule(
  z.enum(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'P', 'S', 'T', 'U']),
  { code: 'INVALID_CODE' },
);

/**
 * PAT01 individual relationship codes for a dependent patient. The reference enum omits 21
 * (Unknown) while its own description and the 837 TR3 list it; we accept it.
 */
export const relationshipToSubscriberCodeSchema = withRule(
  z.enum(['01', '19', '20', '21', '39', '40', '53', 'G8']),
  { code: 'INVALID_RELATIONSHIP' },
);

export const claimFilingCodeSchema = withRule(
  z.enum([
    '11',
    '12',
    '13',
    '14',
    '15',
    '16',
    '17',
    'AM',
    'BL',
    'CH',
    'CI',
    'DS',
    'FI',
    'HM',
    'LM',
    'MA',
    'MB',
    'MC',
    'OF',
    'TV',
    'VA',
    'WC',
    'ZZ',
  ]),
  { code: 'INVALID_CLAIM_FILING_CODE' },
);

/** CLM05-3: we send originals, replacements and voids only. */
export const claimFrequencyCodeSchema = withRule(z.enum(['1', '7', '8']), {
  code: 'INVALID_FREQUENCY_CODE',
});

export const planParticipationCodeSchema = withRule(z.enum(['A', 'B', 'C']), {
  code: 'INVALID_CODE',
});
export const benefitsAssignmentCertificationIndicatorSchema = withRule(z.enum(['N', 'W', 'Y']), {
  code: 'INVALID_CODE',
});
export const releaseInformationCodeSchema = withRule(z.enum(['I', 'Y']), { code: 'INVALID_CODE' });
export const delayReasonCodeSchema = withRule(
  z.enum(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '15']),
  { code: 'INVALID_CODE' },
);
export const drugMeasurementUnitCodeSchema = withRule(z.enum(['F2', 'GR', 'ME', 'ML', 'UN']), {
  code: 'INVALID_CODE',
});
