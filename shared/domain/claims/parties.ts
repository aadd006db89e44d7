// The parties both claim shapes name: persons and organizations (NM1), the provider identity of
// the billing and claim-level provider loops, and the patient's demographics (DMG).

import * as z from 'zod';
import { taxonomyCodeSchema } from './code-shapes.ts';
import { npiSchema } from './identifiers.ts';
import { referenceObject, withRule } from './schema-metadata.ts';
import { text } from './text-fields.ts';

export const genderSchema = withRule(z.enum(['M', 'F', 'U']), { code: 'INVALID_GENDER' });

/** A provider's role, as the reference's `providerType` names it. */
export function providerTypeSchema<const Role extends string>(role: Role): z.ZodLiteral<Role> {
  return withRule(z.literal(role), { code: 'INVALID_PROVIDER_TYPE' });
}

/** NM103-NM107 of a person: last and first name required (callers relax the first where situational). */
export function personNameFields() {
  return {
    firstName: text(35),
    lastName: text(60),
    middleName: text(25).optional(),
    suffix: text(10).optional(),
  };
}

/** NM1 of a party that is a person or an organization: every name part optional, the edits decide. */
export function personOrOrganizationNameFields() {
  return {
    firstName: text(35).optional(),
    lastName: text(60).optional(),
    middleName: text(25).optional(),
    suffix: text(10).optional(),
    organizationName: text(60).optional(),
  };
}

/** 1000B: the receiver is named by the request; its id in NM109 is the clearinghouse's to set. */
export function receiverSchema(unsupportedFields: readonly string[]) {
  return referenceObject('Receiver', { organizationName: text(60) }, unsupportedFields);
}

/** A claim-level provider (2310x): NM1 with the NPI, and the taxonomy for PRV where the loop has one. */
export function claimProviderSchema<const Role extends string, Names extends z.ZodRawShape>(
  reference: string,
  role: Role,
  names: Names,
  unsupportedFields: readonly string[],
) {
  return referenceObject(
    reference,
    {
      providerType: providerTypeSchema(role),
      npi: npiSchema,
      taxonomyCode: taxonomyCodeSchema.optional(),
      ...names,
    },
    unsupportedFields,
  );
}
