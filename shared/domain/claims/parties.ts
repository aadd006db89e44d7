// Building blocks shared by the professional and institutional shapes: text fields, US addresses,
// person and organization names, and the claim's own control numbers.

import { z } from 'zod';
import { isUsStateCode } from '#shared/domain/codes/us-states';
import { zipSchema } from './identifiers.ts';
import { referenceObject, withRule } from './schema-metadata.ts';

/** Characters X12 uses as delimiters in our envelopes, and control characters, cannot travel in data. */
// eslint-disable-next-line no-control-regex -- refusing control characters is the point of this pattern
export const SAFE_TEXT_PATTERN = /^[^~*:^\u0000-\u001f\u007f]*$/;

/** A required, non-empty text field of at most `max` characters (the X12 element's maximum). */
export function text(max: number): z.ZodString {
  return withRule(z.string().min(1).max(max).regex(SAFE_TEXT_PATTERN), {
    code: 'INVALID_CHARACTERS',
    whenTooBig: 'TOO_LONG',
    whenTooSmall: 'REQUIRED',
  });
}

export const stateSchema = withRule(
  z
    .string()
    .regex(/^[A-Za-z]{2}$/)
    .refine(isUsStateCode),
  { code: 'INVALID_STATE', normalize: 'upperCase' },
);

export const genderSchema = withRule(z.enum(['M', 'F', 'U']), { code: 'INVALID_GENDER' });

export const phoneNumberSchema = withRule(z.string().regex(/^\d{10}$/), { code: 'INVALID_FORMAT' });
export const phoneExtensionSchema = withRule(z.string().regex(/^\d{1,6}$/), {
  code: 'INVALID_FORMAT',
});
export const emailSchema = withRule(
  z
    .string()
    .max(256)
    .regex(/^[^\s@~*:^]+@[^\s@~*:^]+\.[^\s@~*:^]+$/),
  { code: 'INVALID_FORMAT', whenTooBig: 'TOO_LONG' },
);

/** US addresses only: foreign addresses (countryCode, countrySubDivisionCode) are not supported yet. */
export const addressSchema = referenceObject(
  'Address',
  {
    address1: text(55),
    address2: text(55).optional(),
    city: text(30),
    state: stateSchema,
    postalCode: zipSchema,
  },
  ['countryCode', 'countrySubDivisionCode'],
);

export const patientControlNumberSchema = withRule(
  z
    .string()
    .min(1)
    .max(20)
    .regex(/^[A-Za-z0-9\-./]+$/),
  {
    code: 'INVALID_PATIENT_CONTROL_NUMBER',
    whenTooBig: 'PATIENT_CONTROL_NUMBER_TOO_LONG',
    whenTooSmall: 'REQUIRED',
  },
);

export const lineItemControlNumberSchema = withRule(
  z
    .string()
    .min(1)
    .max(30)
    .regex(/^[A-Za-z0-9\-./]+$/),
  {
    code: 'INVALID_LINE_ITEM_CONTROL_NUMBER',
    whenTooBig: 'LINE_ITEM_CONTROL_NUMBER_TOO_LONG',
    whenTooSmall: 'REQUIRED',
  },
);

/** ST02: 4 to 9 characters (X12 AN 4/9). */
export const transactionControlNumberSchema = withRule(z.string().regex(/^[A-Za-z0-9]{4,9}$/), {
  code: 'INVALID_CONTROL_NUMBER',
});

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

/** A provider's role, as the reference's `providerType` names it. */
export function providerTypeSchema<const Role extends string>(role: Role): z.ZodLiteral<Role> {
  return withRule(z.literal(role), { code: 'INVALID_PROVIDER_TYPE' });
}
