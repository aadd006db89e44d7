// What `POST /v1/claims/{kind}/validate` answers for a valid claim: the 837 it would become
// (test envelope and control numbers; the real ones are allocated at transmission).
import {
  validateInstitutionalClaim,
  validateProfessionalClaim,
} from '#shared/domain/claims/validate-claim';
import type { ValidationIssue } from '#shared/domain/claims/validation-issue';
import { buildInstitutionalInterchange } from '#shared/x12/generate-837-institutional';
import { buildProfessionalInterchange } from '#shared/x12/generate-837-professional';
import { PREVIEW_TRACE_ID, previewEnvelope } from '#shared/x12/preview-envelope';
import type { ClaimKind } from '#shared/domain/claims/claim-record';

export type ClaimPreview =
  | { readonly valid: true; readonly claim: unknown; readonly x12: string }
  | { readonly valid: false; readonly errors: readonly ValidationIssue[] };

export function previewClaim(kind: ClaimKind, input: unknown, now: Date): ClaimPreview {
  const today = now.toISOString().slice(0, 10);
  const envelope = previewEnvelope(now);
  if (kind === 'professional') {
    const result = validateProfessionalClaim(input, { today });
    if (!result.ok) return { valid: false, errors: result.issues };
    const x12 = buildProfessionalInterchange(
      [{ claim: result.claim, claimId: PREVIEW_TRACE_ID }],
      envelope,
    );
    return { valid: true, claim: result.claim, x12 };
  }
  const result = validateInstitutionalClaim(input, { today });
  if (!result.ok) return { valid: false, errors: result.issues };
  const x12 = buildInstitutionalInterchange(
    [{ claim: result.claim, claimId: PREVIEW_TRACE_ID }],
    envelope,
  );
  return { valid: true, claim: result.claim, x12 };
}
