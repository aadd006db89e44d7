// How both claim shapes reach a party: US postal addresses (N3/N4) and contact information (PER).

import * as z from 'zod';
import { isUsStateCode } from '#shared/domain/codes/us-states';
import { zipSchema } from './identifiers.ts';
import { referenceObject, withRule } from './schema-metadata.ts';
import { text } from './text-fields.ts';

export const stateSchema = withRule(
  z
    .string()
    .regex(/^[A-Za-z]{2}$/)
    .refine(isUsStateCode),
  { code: 'INVALID_STATE', normalize: 'upperCase' },
);

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

/** The PER fields both reference `ContactInformation` objects have, in the reference's order. */
export function contactInformationFields() {
  return {
    name: text(60),
    phoneNumber: phoneNumberSchema.optional(),
    faxNumber: phoneNumberSchema.optional(),
    email: emailSchema.optional(),
  };
}
