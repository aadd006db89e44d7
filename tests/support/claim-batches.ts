// Test helper: 837P batch files as a billing company's system would upload them, built by our own
// generator (shared/x12/generate-837-professional.ts) from the claim fixtures.
import type { ProfessionalClaim } from '#shared/domain/claims/professional-claim';
import type { Interchange837Envelope } from '#shared/x12/claim-837-envelope';
import { buildProfessionalInterchange } from '#shared/x12/generate-837-professional';
import { claimFixture } from './claims.ts';

/** A claim of a batch as the batch routes answer it. */
export interface BatchClaimView {
  sequence: number;
  transactionSetControlNumber: string;
  patientControlNumber: string;
  outcome: 'ACCEPTED' | 'REJECTED';
  claimId?: string;
  status?: string;
  errors?: { path: string; code: string; message: string }[];
}

/** The submitter of the test files and the clearinghouse they send to. */
export const SUBMITTER = { qualifier: 'ZZ', id: 'LAKESIDEBILL', code: 'LAKESIDEBILL' } as const;
export const CLEARINGHOUSE = {
  qualifier: 'ZZ',
  id: 'CLEARINGHOUSE',
  code: 'CLEARINGHOUSE',
} as const;

/** The minimal professional fixture with its own patient control number. */
export function batchClaim(patientControlNumber: string): ProfessionalClaim {
  const claim = claimFixture('professional-minimal') as {
    claimInformation: Record<string, unknown>;
  };
  claim.claimInformation.patientControlNumber = patientControlNumber;
  return claim as unknown as ProfessionalClaim;
}

/** A claim the generator writes but our edits refuse: a billing NPI with a wrong check digit. */
export function invalidBatchClaim(patientControlNumber: string): ProfessionalClaim {
  const claim = batchClaim(patientControlNumber);
  return { ...claim, billing: { ...claim.billing, npi: '1234567890' } };
}

/** An 837P interchange from the submitter to us, one transaction set per claim (ST02 0001..). */
export function batchFile(
  claims: readonly ProfessionalClaim[],
  options: { readonly controlNumber?: number; readonly createdAt?: Date } = {},
): string {
  const createdAt = options.createdAt ?? new Date();
  const envelope: Interchange837Envelope = {
    interchange: {
      senderQualifier: SUBMITTER.qualifier,
      senderId: SUBMITTER.id,
      receiverQualifier: CLEARINGHOUSE.qualifier,
      receiverId: CLEARINGHOUSE.id,
      controlNumber: options.controlNumber ?? 1,
      usageIndicator: 'T',
      acknowledgmentRequested: false,
      createdAt,
    },
    groupControlNumber: options.controlNumber ?? 1,
    applicationSenderCode: SUBMITTER.code,
    applicationReceiverCode: CLEARINGHOUSE.code,
    transmission: { submitterId: 'LAKESIDE01', receiverId: 'CLEARINGHOUSE', createdAt },
  };
  return buildProfessionalInterchange(
    claims.map((claim, index) => ({ claim, claimId: `SUB${index + 1}` })),
    envelope,
  );
}

/**
 * The file with the 2300 loop of the first set's claim repeated under the same subscriber, as
 * another claim with its own CLM01 and a diagnosis code our edits refuse (it starts with a
 * digit): one transaction set holding a good claim and a bad one (SE01 recounted).
 */
export function withInvalidSecondClaimInFirstSet(
  file: string,
  patientControlNumber: string,
): string {
  const segments = file.split('~').filter((segment) => segment.trim() !== '');
  const clm = segments.findIndex((segment) => segment.startsWith('CLM*'));
  const se = segments.findIndex((segment) => segment.startsWith('SE*'));
  const loop = segments.slice(clm, se);
  const copy = loop.map((segment, index) =>
    index === 0
      ? segment.replace(/^CLM\*[^*]*/, `CLM*${patientControlNumber}`)
      : segment.replace(/^HI\*ABK:[^*~]*/, 'HI*ABK:9X9'),
  );
  const trailer = (segments[se] as string).split('*');
  const count = Number(trailer[1]) + copy.length;
  return [...segments.slice(0, se), ...copy, `SE*${count}*${trailer[2]}`, ...segments.slice(se + 1)]
    .map((segment) => `${segment}~`)
    .join('');
}
