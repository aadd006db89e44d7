// The NO_RESPONSE sweeper: claims still waiting for a 277CA (TRANSMITTED, ACKNOWLEDGED) or an 835
// (ACCEPTED, PENDED) longer than their payer connection's expectedAnswerDays go into the
// NO_RESPONSE work queue. Their status stays; the answer's status write takes them out again.
//
// Candidates come from gsi1 (claims by creation month), in two bounded creation windows per
// tenant, one per deadline: [now - longest days - slack, now - shortest days]. A daily run reads
// each claim item about (1 + slack) times per deadline; see shared/storage/README.md for the cost.
import {
  DEFAULT_EXPECTED_ANSWER_DAYS,
  NO_RESPONSE_RULES,
} from '#shared/domain/follow-up/work-queue-rules';
import { connectionForPayer, type PayerConnection } from '#shared/domain/payers/payer-connection';
import type { ClaimRepository } from '#shared/storage/dynamodb/claim-repository';
import type { ClaimRecord } from '#shared/domain/claims/claim-record';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Days between a claim's creation and its transmission that the windows still cover (a claim that
 * failed transmission and was requeued later); also covers a missed daily run.
 */
export const TRANSMISSION_SLACK_DAYS = 3;

export interface NoResponseSweepDependencies {
  readonly claims: Pick<ClaimRepository, 'findCreatedBetween' | 'enterNoResponse'>;
  readonly tenants: { listTenantIds(): Promise<readonly { tenantId: string }[]> };
  readonly connections: { forTenant(tenantId: string): Promise<PayerConnection[]> };
  readonly now: () => Date;
}

export interface NoResponseSweepResult {
  readonly tenants: number;
  readonly candidates: number;
  readonly entered: number;
}

type Deadline = keyof typeof DEFAULT_EXPECTED_ANSWER_DAYS;

function daysFor(connections: readonly PayerConnection[], payerId: string, deadline: Deadline) {
  return (
    connectionForPayer(connections, payerId)?.expectedAnswerDays[deadline] ??
    DEFAULT_EXPECTED_ANSWER_DAYS[deadline]
  );
}

/** True when the claim waits for an answer and its deadline has passed. */
export function isOverdue(
  claim: ClaimRecord,
  connections: readonly PayerConnection[],
  now: Date,
): boolean {
  const deadline = NO_RESPONSE_RULES[claim.status];
  // in a queue already, or resolved by a person for this status: leave it
  if (deadline === undefined || claim.followUp !== undefined) return false;
  // waiting since the last status change (transmission, 999, 277CA): updatedAt is written by
  // status changes only while a claim is in no queue
  const waitingMs = now.getTime() - Date.parse(claim.updatedAt);
  return waitingMs >= daysFor(connections, claim.payerId, deadline) * DAY_MS;
}

export async function sweepNoResponse(
  dependencies: NoResponseSweepDependencies,
): Promise<NoResponseSweepResult> {
  const now = dependencies.now();
  const tenants = await dependencies.tenants.listTenantIds();
  let candidates = 0;
  let entered = 0;
  for (const { tenantId } of tenants) {
    const connections = await dependencies.connections.forTenant(tenantId);
    const seen = new Set<string>();
    for (const deadline of Object.keys(DEFAULT_EXPECTED_ANSWER_DAYS) as Deadline[]) {
      const days = [
        DEFAULT_EXPECTED_ANSWER_DAYS[deadline],
        ...connections.map((connection) => connection.expectedAnswerDays[deadline]),
      ];
      const from = new Date(now.getTime() - (Math.max(...days) + TRANSMISSION_SLACK_DAYS) * DAY_MS);
      const to = new Date(now.getTime() - Math.min(...days) * DAY_MS + 1);
      const overdue = await dependencies.claims.findCreatedBetween(
        tenantId,
        from,
        to,
        (claim) =>
          NO_RESPONSE_RULES[claim.status] === deadline && isOverdue(claim, connections, now),
      );
      for (const claim of overdue) {
        if (seen.has(claim.claimId)) continue;
        seen.add(claim.claimId);
        candidates++;
        if (await dependencies.claims.enterNoResponse(claim, now)) entered++;
      }
    }
  }
  return { tenants: tenants.length, candidates, entered };
}
