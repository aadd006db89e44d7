// The claims an answer can be about, read from the claim repository: by id (our trace id in
// REF*D9), by patient control number (gsi2), and the billing provider NPI of the claim body
// (for 277CA provider-level rejections).
import {
  ClaimNotFoundError,
  type ClaimRepository,
} from '#shared/storage/dynamodb/claim-repository';
import type { ClaimRecord } from '#shared/domain/claims/claim-record';
import type { BillingProviderDirectory } from '#shared/domain/answers/apply-277ca';
import type { ClaimDirectory } from '#shared/domain/answers/match-claims';

export class RepositoryClaimDirectory implements ClaimDirectory, BillingProviderDirectory {
  readonly #claims: ClaimRepository;

  constructor(claims: ClaimRepository) {
    this.#claims = claims;
  }

  async byId(tenantId: string, claimId: string): Promise<ClaimRecord | undefined> {
    try {
      return await this.#claims.get(tenantId, claimId);
    } catch (error) {
      if (error instanceof ClaimNotFoundError) return undefined;
      throw error;
    }
  }

  byPatientControlNumber(tenantId: string, patientControlNumber: string): Promise<ClaimRecord[]> {
    return this.#claims.findByPatientControlNumber(tenantId, patientControlNumber);
  }

  async billingProviderNpi(tenantId: string, claimId: string): Promise<string | undefined> {
    try {
      const body = (await this.#claims.getBody(tenantId, claimId)) as {
        billing?: { npi?: unknown };
      };
      return typeof body.billing?.npi === 'string' ? body.billing.npi : undefined;
    } catch (error) {
      if (error instanceof ClaimNotFoundError) return undefined;
      throw error;
    }
  }
}
