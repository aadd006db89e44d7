// The safety net of intake: claims still RECEIVED a while after they were stored (their enqueue
// failed, or the process died between the write and the enqueue) are put on the transmit queue.
// Each tenant keeps a checkpoint (the oldest claim that may still need it), so a run reads only the
// claims created since, not a fixed look-back window: every claim is read about once.
import type { ClaimRepository } from '#shared/storage/dynamodb/claim-repository';
import type { TenantRepository } from '#shared/storage/dynamodb/tenant-repository';
import type { ClaimQueue } from '#shared/storage/sqs/transmit-queue';
import { enqueueReceivedClaim } from './enqueue-claim.ts';

/** Claims younger than this are left to the request that created them. */
export const REQUEUE_GRACE_MS = 2 * 60_000;

export interface SweepResult {
  readonly tenants: number;
  readonly found: number;
  readonly queued: number;
}

export async function sweepReceivedClaims(
  dependencies: {
    claims: ClaimRepository;
    tenants: TenantRepository;
    queue: ClaimQueue;
    now: () => Date;
  },
  graceMs: number = REQUEUE_GRACE_MS,
): Promise<SweepResult> {
  const to = new Date(dependencies.now().getTime() - graceMs);
  const tenants = await dependencies.tenants.listTenantIds();
  let found = 0;
  let queued = 0;
  for (const tenant of tenants) {
    const from = new Date(tenant.requeueCheckpoint ?? tenant.createdAt);
    if (from >= to) continue;
    const stuck = await dependencies.claims.findStillReceived(tenant.tenantId, from, to);
    found += stuck.length;
    let oldestLeft: string | undefined;
    for (const claim of stuck) {
      const after = await enqueueReceivedClaim(dependencies, claim, { kind: 'requeue-sweeper' });
      if (after.status === 'QUEUED') queued++;
      else if (oldestLeft === undefined || claim.createdAt < oldestLeft)
        oldestLeft = claim.createdAt;
    }
    await dependencies.tenants.setRequeueCheckpoint(
      tenant.tenantId,
      oldestLeft ?? to.toISOString(),
    );
  }
  return { tenants: tenants.length, found, queued };
}
