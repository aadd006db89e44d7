// Test helper: 837 files for the sandbox payer, built by our generators from the claim fixtures
// with the subscriber member id that chooses the scenario.
import type { InstitutionalClaim } from '#shared/domain/claims/institutional-claim';
import type { ProfessionalClaim } from '#shared/domain/claims/professional-claim';
import type { Interchange837Envelope } from '#shared/x12/claim-837-envelope';
import { buildInstitutionalInterchange } from '#shared/x12/generate-837-institutional';
import { buildProfessionalInterchange } from '#shared/x12/generate-837-professional';
import { claimFixture } from '../../../support/claims.ts';

export const RECEIVED_AT = new Date('2025-03-20T12:00:00Z');

export interface ClaimSpec {
  readonly memberId: string;
  /** CLM01; defaults to one derived from the member id */
  readonly patientControlNumber?: string;
}

export function envelope(
  options: { controlNumber?: number; acknowledgmentRequested?: boolean } = {},
): Interchange837Envelope {
  return {
    interchange: {
      senderQualifier: 'ZZ',
      senderId: 'CLEARINGHOUSE',
      receiverQualifier: 'ZZ',
      receiverId: 'SANDBOXPAYER',
      controlNumber: options.controlNumber ?? 101,
      usageIndicator: 'T',
      acknowledgmentRequested: options.acknowledgmentRequested ?? false,
      createdAt: RECEIVED_AT,
    },
    groupControlNumber: 101,
    applicationSenderCode: 'CLEARINGHOUSE',
    applicationReceiverCode: 'SANDBOXPAYER',
    transmission: { submitterId: 'ETIN01', receiverId: 'SANDBOX', createdAt: RECEIVED_AT },
  };
}

function withMember<T>(fixture: 'professional-full' | 'institutional-full', spec: ClaimSpec): T {
  const claim = claimFixture(fixture) as {
    subscriber: { memberId: string };
    claimInformation: { patientControlNumber: string };
  };
  claim.subscriber.memberId = spec.memberId;
  claim.claimInformation.patientControlNumber =
    spec.patientControlNumber ?? `P${spec.memberId.replace(/[^A-Z0-9]/g, '')}`.slice(0, 17);
  return claim as T;
}

/** A professional 837 with one claim (one transaction set) per spec; trace ids clm_1.. */
export function professional837(
  specs: readonly ClaimSpec[],
  options: { controlNumber?: number; acknowledgmentRequested?: boolean } = {},
): string {
  return buildProfessionalInterchange(
    specs.map((spec, index) => ({
      claim: withMember<ProfessionalClaim>('professional-full', spec),
      claimId: `clm_${index + 1}`,
    })),
    envelope(options),
  );
}

export function institutional837(specs: readonly ClaimSpec[]): string {
  return buildInstitutionalInterchange(
    specs.map((spec, index) => ({
      claim: withMember<InstitutionalClaim>('institutional-full', spec),
      claimId: `clm_${index + 1}`,
    })),
    envelope(),
  );
}
