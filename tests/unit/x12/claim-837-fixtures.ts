// Set-ups the 837 generator and parser suites share: a test envelope, validated claims from JSON,
// and an interchange as one `ID*E1*E2` string per segment.

import type {
  ClaimValidationResult,
  ValidateClaimOptions,
} from '#shared/domain/claims/validate-claim';
import type { Interchange837Envelope } from '#shared/x12/claim-837-envelope';
import { segmentsOf } from '#shared/x12/tokenizer';

/** ISA/GS from CLEARINGHOUSE to PAYER (usage T), 1000A ETIN01, 1000B PAYER01. */
export function testEnvelope837(settings: {
  createdAt: Date;
  interchangeControlNumber: number;
  groupControlNumber: number;
  acknowledgmentRequested: boolean;
}): Interchange837Envelope {
  const { createdAt } = settings;
  return {
    interchange: {
      senderQualifier: 'ZZ',
      senderId: 'CLEARINGHOUSE',
      receiverQualifier: 'ZZ',
      receiverId: 'PAYER',
      controlNumber: settings.interchangeControlNumber,
      usageIndicator: 'T',
      acknowledgmentRequested: settings.acknowledgmentRequested,
      createdAt,
    },
    groupControlNumber: settings.groupControlNumber,
    applicationSenderCode: 'CLEARINGHOUSE',
    applicationReceiverCode: 'PAYER',
    transmission: { submitterId: 'ETIN01', receiverId: 'PAYER01', createdAt },
  };
}

/** Each segment of an interchange with its elements joined by `*`. */
export function segmentLines(text: string): string[] {
  return [...segmentsOf(text)].map((segment) => segment.elements.join('*'));
}

/** The claim `validate` makes of `input` (control numbers issued); throws when it is invalid. */
export function validClaim<Claim>(
  validate: (input: unknown, options: ValidateClaimOptions) => ClaimValidationResult<Claim>,
  input: unknown,
  options: ValidateClaimOptions,
): Claim {
  const result = validate(input, options);
  if (!result.ok) throw new Error(`invalid claim: ${JSON.stringify(result.issues)}`);
  return result.claim;
}
