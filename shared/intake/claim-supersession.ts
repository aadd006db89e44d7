// Corrections (frequency 7) and voids (frequency 8) of a claim the payer knows: the new claim goes
// through the normal intake path (validated, RECEIVED, QUEUED) with the payer's claim number in
// REF*F8, then the original moves to CORRECTED or VOIDED with a link to it.
//
// Writes are ordered so that nothing is lost: the new claim is stored first, the original's status
// second. The replacement's claim id is derived from the original's (one original is superseded
// at most once: CORRECTED and VOIDED are final), so a retry after a crash in between finds the
// replacement already stored, creates no second one, and finishes the original's status change.
import {
  canTransition,
  IllegalTransitionError,
  type ClaimStatus,
} from '#shared/domain/lifecycle/claim-status';
import type { ValidationIssue } from '#shared/domain/claims/validation-issue';
import {
  ClaimAlreadyExistsError,
  ClaimNotFoundError,
} from '#shared/storage/dynamodb/claim-repository';
import type { ClaimRecord } from '#shared/domain/claims/claim-record';
import { derivedId, submitClaim, type IntakeDependencies } from './claim-intake.ts';
import { enqueueReceivedClaim } from './enqueue-claim.ts';

export type SupersessionKind = 'correction' | 'void';

const FREQUENCY: Readonly<Record<SupersessionKind, '7' | '8'>> = { correction: '7', void: '8' };
const TARGET: Readonly<Record<SupersessionKind, ClaimStatus>> = {
  correction: 'CORRECTED',
  void: 'VOIDED',
};

export type SupersessionOutcome =
  | {
      readonly accepted: true;
      /** the replacement or void */
      readonly claimId: string;
      readonly status: ClaimStatus;
      /** the original */
      readonly replaces: string;
    }
  | { readonly accepted: false; readonly issues: readonly ValidationIssue[] };

/** Why an original cannot be superseded; routes answer 409 for each. */
export class SupersessionRefusedError extends Error {
  readonly reason: 'payer-claim-number-unknown' | 'already-superseded';
  constructor(reason: SupersessionRefusedError['reason'], detail: string) {
    super(detail);
    this.name = 'SupersessionRefusedError';
    this.reason = reason;
  }
}

/**
 * The claim id of the one claim that may supersede an original: a hash of tenant and original
 * id, in the shape of newClaimId (120 bits, Crockford base32); unguessable as the original id is.
 */
export function replacementClaimId(tenantId: string, originalClaimId: string): string {
  return derivedId('clm_', 'supersession', tenantId, originalClaimId);
}

/**
 * Sends a correction (the caller's corrected claim) or a void (the original's stored body) of a
 * claim. ClaimNotFoundError for an unknown (or another tenant's) claim; SupersessionRefusedError
 * when the original is superseded already or the payer never gave it a claim number.
 */
export async function supersedeClaim(
  dependencies: IntakeDependencies,
  request: {
    readonly tenantId: string;
    readonly claimId: string;
    readonly kind: SupersessionKind;
    /** the corrected claim (corrections only) */
    readonly body?: unknown;
    readonly requestId?: string;
  },
): Promise<SupersessionOutcome> {
  const { claims } = dependencies;
  const original = await claims.get(request.tenantId, request.claimId);
  const replacementId = replacementClaimId(request.tenantId, original.claimId);
  const target = TARGET[request.kind];
  if (!canTransition(original.status, target)) throw alreadySuperseded(original);

  const existing = await findClaim(dependencies, request.tenantId, replacementId);
  if (existing !== undefined) return await finish(dependencies, original, existing, request);

  const payerClaimNumber = original.payerAnswer?.payerClaimControlNumber ?? '';
  if (payerClaimNumber === '') {
    throw new SupersessionRefusedError(
      'payer-claim-number-unknown',
      'the payer never gave this claim a claim number',
    );
  }
  const base =
    request.kind === 'void'
      ? await claims.getBody(request.tenantId, original.claimId)
      : request.body;
  const outcome = await submitClaimOnce(dependencies, {
    tenantId: request.tenantId,
    kind: original.kind,
    body: withFrequency(base, FREQUENCY[request.kind], payerClaimNumber),
    channel: 'api',
    replaces: original.claimId,
    ...(request.requestId ? { requestId: request.requestId } : {}),
    replacementId,
  });
  if (!outcome.accepted) return outcome;
  return await finish(dependencies, original, outcome.claim, request);
}

/** submitClaim under the replacement's fixed id; a concurrent twin that stored it first wins. */
async function submitClaimOnce(
  dependencies: IntakeDependencies,
  request: Parameters<typeof submitClaim>[1] & { readonly replacementId: string },
): Promise<
  | { readonly accepted: true; readonly claim: ClaimRecord }
  | { readonly accepted: false; readonly issues: readonly ValidationIssue[] }
> {
  const { replacementId, ...submission } = request;
  try {
    const outcome = await submitClaim(
      { ...dependencies, newClaimId: () => replacementId },
      submission,
    );
    if (!outcome.accepted) return outcome;
  } catch (error) {
    if (!(error instanceof ClaimAlreadyExistsError)) throw error;
  }
  return {
    accepted: true,
    claim: await dependencies.claims.get(request.tenantId, replacementId),
  };
}

/**
 * Second write: the original moves to CORRECTED or VOIDED as the stored replacement's frequency
 * says (a retry finishes what a crash left half done). A replacement still RECEIVED is enqueued
 * again: a crash may have come before its enqueue, and the transmit path is idempotent per claim.
 */
async function finish(
  dependencies: IntakeDependencies,
  original: ClaimRecord,
  replacement: ClaimRecord,
  request: { readonly kind: SupersessionKind; readonly requestId?: string },
): Promise<SupersessionOutcome> {
  const source = {
    kind: 'api' as const,
    ...(request.requestId ? { requestId: request.requestId } : {}),
  };
  const kindOfReplacement: SupersessionKind =
    replacement.frequencyCode === '8' ? 'void' : 'correction';
  let current = replacement;
  if (current.status === 'RECEIVED')
    current = await enqueueReceivedClaim(dependencies, current, source);
  if (original.replacedBy !== replacement.claimId) {
    try {
      await dependencies.claims.transition({
        tenantId: original.tenantId,
        claimId: original.claimId,
        to: TARGET[kindOfReplacement],
        type: kindOfReplacement === 'void' ? 'claim.voided' : 'claim.corrected',
        source,
        replacedBy: replacement.claimId,
        now: dependencies.now(),
      });
    } catch (error) {
      if (!(error instanceof IllegalTransitionError)) throw error;
      // a concurrent twin of this request may have finished it; anything else is a refusal
      const now = await dependencies.claims.get(original.tenantId, original.claimId);
      if (now.replacedBy !== replacement.claimId) throw alreadySuperseded(now);
    }
  }
  // a void pending while a correction is asked for (or the reverse): finished above, refused here
  if (kindOfReplacement !== request.kind) throw alreadySuperseded(original);
  return {
    accepted: true,
    claimId: current.claimId,
    status: current.status,
    replaces: original.claimId,
  };
}

async function findClaim(
  dependencies: IntakeDependencies,
  tenantId: string,
  claimId: string,
): Promise<ClaimRecord | undefined> {
  try {
    return await dependencies.claims.get(tenantId, claimId);
  } catch (error) {
    if (error instanceof ClaimNotFoundError) return undefined;
    throw error;
  }
}

function alreadySuperseded(original: ClaimRecord): SupersessionRefusedError {
  return new SupersessionRefusedError(
    'already-superseded',
    `a claim in ${original.status} cannot be corrected or voided`,
  );
}

/**
 * The claim with the given frequency and payer claim number (REF*F8), both set by the server
 * whatever the caller sent. A body that is not a claim object is passed on for validation to
 * refuse with its usual issues.
 */
function withFrequency(body: unknown, frequency: '7' | '8', payerClaimNumber: string): unknown {
  if (!isObject(body) || !isObject(body.claimInformation)) return body;
  const information = body.claimInformation;
  const supplemental = isObject(information.claimSupplementalInformation)
    ? information.claimSupplementalInformation
    : {};
  return {
    ...body,
    claimInformation: {
      ...information,
      claimFrequencyCode: frequency,
      claimSupplementalInformation: { ...supplemental, claimControlNumber: payerClaimNumber },
    },
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
