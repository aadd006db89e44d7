// Claim intake: validate, store (RECEIVED, with its first event) before anything else, then put
// it on the transmit queue and mark it QUEUED. An enqueue that fails loses nothing: the claim stays
// RECEIVED and the requeue sweeper picks it up.
import { createHash, randomBytes } from 'node:crypto';
import {
  validateInstitutionalClaim,
  validateProfessionalClaim,
} from '#shared/domain/claims/validate-claim';
import type { ValidationIssue } from '#shared/domain/claims/validation-issue';
import { amountToCents } from '#shared/domain/claims/claim-amounts';
import { formatCents } from '#shared/domain/money/cents';
import type { ClaimStatus } from '#shared/domain/lifecycle/claim-status';
import type { ClaimRepository } from '#shared/storage/dynamodb/claim-repository';
import type { ClaimKind, ClaimRecord, EventSourceKind } from '#shared/domain/claims/claim-record';
import type { ClaimQueue } from '#shared/storage/sqs/transmit-queue';
import { metrics } from '#shared/observability/logger';
import { enqueueReceivedClaim } from './enqueue-claim.ts';

export interface IntakeDependencies {
  readonly claims: ClaimRepository;
  readonly queue: ClaimQueue;
  readonly now: () => Date;
  readonly newClaimId?: () => string;
}

export type ValidationResult =
  | { readonly ok: true; readonly claim: ValidatedClaim }
  | { readonly ok: false; readonly issues: readonly ValidationIssue[] };

/** The parts of a validated claim that intake reads (both claim shapes have them). */
export interface ValidatedClaim {
  readonly tradingPartnerServiceId?: string;
  readonly claimInformation: {
    readonly patientControlNumber?: string;
    readonly claimChargeAmount: string;
    readonly claimFrequencyCode: string;
  };
}

export type SubmitOutcome =
  | {
      readonly accepted: true;
      readonly claimId: string;
      readonly status: ClaimStatus;
      readonly patientControlNumber: string;
    }
  | { readonly accepted: false; readonly issues: readonly ValidationIssue[] };

/** Runs the front-end edits of a claim kind, with "today" from the given clock (UTC date). */
export function validateClaim(kind: ClaimKind, input: unknown, now: Date): ValidationResult {
  const today = now.toISOString().slice(0, 10);
  const result =
    kind === 'professional'
      ? validateProfessionalClaim(input, { today })
      : validateInstitutionalClaim(input, { today });
  return result.ok ? { ok: true, claim: result.claim } : { ok: false, issues: result.issues };
}

const ID_ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/** `prefix` + 24 Crockford base32 characters (lower case) of the given bytes: 120 bits. */
function base32Id(prefix: string, bytes: Uint8Array): string {
  let id = prefix;
  for (const byte of bytes.subarray(0, 24)) id += ID_ALPHABET[byte & 31];
  return id;
}

export function newClaimId(): string {
  // 120 random bits: short enough for REF*D9, never guessable
  return base32Id('clm_', randomBytes(24));
}

/**
 * An id derived from its parts (SHA-256), in the shape of newClaimId: the same parts always give
 * the same id, so a retry after a crash finds what the first attempt stored instead of storing it
 * twice. Unguessable as long as one part is (a claim id, a file's content hash).
 */
export function derivedId(prefix: 'clm_' | 'bat_', ...parts: readonly string[]): string {
  return base32Id(prefix, createHash('sha256').update(parts.join('\0')).digest());
}

export interface ClaimSubmission {
  readonly tenantId: string;
  readonly kind: ClaimKind;
  readonly channel: 'api' | 'batch';
  readonly batchId?: string;
  readonly requestId?: string;
  /** a replacement (7) or void (8): the claim it supersedes */
  readonly replaces?: string;
}

export async function submitClaim(
  dependencies: IntakeDependencies,
  request: ClaimSubmission & { readonly body: unknown },
): Promise<SubmitOutcome> {
  const validation = validateClaim(request.kind, request.body, dependencies.now());
  if (!validation.ok) {
    metrics.addMetric('ClaimsRefused', 'Count', 1);
    return { accepted: false, issues: validation.issues };
  }
  const record = await storeClaim(dependencies, { ...request, claim: validation.claim });
  return {
    accepted: true,
    claimId: record.claimId,
    status: record.status,
    patientControlNumber: record.patientControlNumber,
  };
}

/**
 * Stores a claim that passed validateClaim (RECEIVED, with its first event) and queues it, as
 * every channel does. ClaimAlreadyExistsError when the id (dependencies.newClaimId) is taken.
 */
export async function storeClaim(
  dependencies: IntakeDependencies,
  request: ClaimSubmission & { readonly claim: ValidatedClaim },
): Promise<ClaimRecord> {
  const now = dependencies.now();
  const claim = request.claim;
  const claimId = (dependencies.newClaimId ?? newClaimId)();
  const patientControlNumber = claim.claimInformation.patientControlNumber ?? '';
  const source: { kind: EventSourceKind; requestId?: string } = {
    kind: request.channel,
    ...(request.requestId ? { requestId: request.requestId } : {}),
  };
  const record = await dependencies.claims.create({
    tenantId: request.tenantId,
    claimId,
    kind: request.kind,
    body: claim,
    patientControlNumber,
    payerId: claim.tradingPartnerServiceId ?? '',
    chargeAmount: formatCents(amountToCents(claim.claimInformation.claimChargeAmount) ?? 0),
    frequencyCode: claim.claimInformation.claimFrequencyCode,
    submission: {
      channel: request.channel,
      ...(request.batchId ? { batchId: request.batchId } : {}),
    },
    source,
    now,
    ...(request.replaces === undefined ? {} : { replaces: request.replaces }),
  });
  metrics.addMetric('ClaimsReceived', 'Count', 1);
  return await enqueueReceivedClaim(dependencies, record, source);
}
