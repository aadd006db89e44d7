// Every DynamoDB key of the single table is built here, from documented templates (see README.md).
// Keys carry the entity and its version; every tenant-owned key starts with the tenant id, so a
// query can never cross tenants. Ids are case-sensitive: nothing is lower-cased.

export interface ItemKey {
  readonly pk: string;
  readonly sk: string;
}

/** A key no item ever has: the health check reads it to see the table answer. */
export const healthProbeKey = (): ItemKey => ({ pk: 'HEALTH#probe', sk: 'HEALTH#probe' });

export const tenantKey = (tenantId: string): ItemKey => ({
  pk: `TENANT#${tenantId}`,
  sk: 'TENANT#v1',
});

/** All tenants in one small partition: read by the schedulers, written once per tenant. */
export const TENANT_DIRECTORY_PARTITION = 'TENANTS#v1';
export const tenantDirectoryKey = (tenantId: string): ItemKey => ({
  pk: TENANT_DIRECTORY_PARTITION,
  sk: tenantId,
});

/** API keys are found by the SHA-256 of the key; the key itself is never stored. */
export const apiKeyKey = (keyHash: string): ItemKey => ({
  pk: `APIKEY#${keyHash}`,
  sk: 'APIKEY#v1',
});

const claimPartition = (tenantId: string, claimId: string): string =>
  `TENANT#${tenantId}#CLAIM#${claimId}`;

/** The small, mutable claim item: status, revision, ids, amounts, history. */
export const claimKey = (tenantId: string, claimId: string): ItemKey => ({
  pk: claimPartition(tenantId, claimId),
  sk: 'CLAIM#v1',
});

/** The claim as submitted, written once, compressed. */
export const claimBodyKey = (tenantId: string, claimId: string): ItemKey => ({
  pk: claimPartition(tenantId, claimId),
  sk: 'BODY#v1',
});

/** gsi1: a tenant's claims by creation time, one partition per month. */
export const claimsByMonthPartition = (tenantId: string, month: string): string =>
  `TENANT#${tenantId}#MONTH#${month}`;
export const claimsByMonthSort = (createdAt: string, claimId: string): string =>
  `${createdAt}#${claimId}`;

/** gsi2: a tenant's claims by patient control number (CLM01 = CLP01 = 277CA TRN02). */
export const claimsByPatientControlNumberPartition = (
  tenantId: string,
  patientControlNumber: string,
): string => `TENANT#${tenantId}#PCN#${patientControlNumber}`;

/** The month (YYYY-MM) of an ISO timestamp, the gsi1 bucket of a claim created then. */
export const monthOf = (isoTimestamp: string): string => isoTimestamp.slice(0, 7);

/** The month before a YYYY-MM month. */
export function previousMonth(month: string): string {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  return monthNumber === 1
    ? `${year - 1}-12`
    : `${year}-${String(monthNumber - 1).padStart(2, '0')}`;
}

/** Tenant id encoded in a tenant-owned partition key (used to check cursors). */
export function tenantOfPartition(pk: string): string | undefined {
  const match = /^TENANT#([^#]+)#/.exec(pk);
  return match?.[1];
}

/**
 * The X12 control-number counter of one sender/receiver pair (ISA05:ISA06 to ISA07:ISA08).
 * Not tenant-owned on purpose: ISA13 must be unique per pair whoever submits, and two tenants may
 * share an ISA sender id with the same payer (an upstream clearinghouse's mailbox). It holds a
 * number only, never tenant data.
 */
export const controlNumberCounterKey = (pairId: string): ItemKey => ({
  pk: `X12CONTROL#v1#${pairId}`,
  sk: 'COUNTER#v1',
});

const interchangePartition = (tenantId: string, interchangeId: string): string =>
  `TENANT#${tenantId}#INTERCHANGE#${interchangeId}`;

/** An outbound interchange: state, control numbers, file name, content hash (small, mutable). */
export const interchangeKey = (tenantId: string, interchangeId: string): ItemKey => ({
  pk: interchangePartition(tenantId, interchangeId),
  sk: 'INTERCHANGE#v1',
});

/** The claims (id and revision) of an interchange, written once next to it. */
export const interchangeClaimsKey = (tenantId: string, interchangeId: string): ItemKey => ({
  pk: interchangePartition(tenantId, interchangeId),
  sk: 'CLAIMS#v1',
});

/** Sort-key prefix of a claim's transmission markers (one per queued revision). */
export const CLAIM_TRANSMISSION_PREFIX = 'TRANSMISSION#v1#';

/**
 * Marker "this queued revision of the claim travels in interchange X", in the claim's own
 * partition: the conditional put on it is what keeps a claim revision in one interchange only.
 * The revision is zero-padded so markers sort by revision.
 */
export const claimTransmissionKey = (
  tenantId: string,
  claimId: string,
  revision: number,
): ItemKey => ({
  pk: claimPartition(tenantId, claimId),
  sk: `${CLAIM_TRANSMISSION_PREFIX}${String(revision).padStart(6, '0')}`,
});

/** The claim partition, to query items under it (markers) by sort-key prefix. */
export const claimPartitionKey = (tenantId: string, claimId: string): string =>
  claimPartition(tenantId, claimId);

/**
 * A payer answer file (TA1, 999, 277CA, 835) by the SHA-256 of its bytes: written with a
 * condition before anything is applied, so a file is processed once however often it arrives.
 */
export const answerFileKey = (tenantId: string, contentSha256: string): ItemKey => ({
  pk: `TENANT#${tenantId}#ANSWERFILE#${contentSha256}`,
  sk: 'ANSWERFILE#v1',
});

/**
 * Answers that matched no claim (or more than one): the UNMATCHED_RESPONSES queue of a tenant.
 * The sort key is the answer id (file hash, transaction, item), so a replay rewrites the same item.
 */
export const unmatchedAnswerPartition = (tenantId: string): string =>
  `TENANT#${tenantId}#UNMATCHED#v1`;
export const unmatchedAnswerKey = (tenantId: string, answerId: string): ItemKey => ({
  pk: unmatchedAnswerPartition(tenantId),
  sk: answerId,
});

/** Sort-key prefix of a claim's remittance details (one item per 835 claim applied to it). */
export const CLAIM_REMITTANCE_PREFIX = 'REMITTANCE#v1#';

/** The bulky part of one 835 claim (line adjustments, remarks), written once next to the claim. */
export const claimRemittanceKey = (
  tenantId: string,
  claimId: string,
  answerId: string,
): ItemKey => ({
  pk: claimPartition(tenantId, claimId),
  sk: `${CLAIM_REMITTANCE_PREFIX}${answerId}`,
});

/** A tenant's payer connections, all in the tenant's own small partition (a tenant has a few). */
export const payerConnectionsPartition = (tenantId: string): string =>
  `TENANT#${tenantId}#CONNECTIONS`;
export const payerConnectionKey = (tenantId: string, connectionId: string): ItemKey => ({
  pk: payerConnectionsPartition(tenantId),
  sk: `CONNECTION#v1#${connectionId}`,
});

/** The sort-key prefix that selects every connection of a tenant's partition. */
export const payerConnectionSortPrefix = 'CONNECTION#v1#';

/**
 * The poller's receipt of an inbound file (by content hash), next to the answer-file record of the
 * same hash: written with a condition when the file is first fetched, so a second arrival of the
 * same bytes is recorded as a duplicate and not queued again.
 */
export const inboundReceiptKey = (tenantId: string, contentSha256: string): ItemKey => ({
  pk: answerFileKey(tenantId, contentSha256).pk,
  sk: 'RECEIPT#v1',
});

/**
 * A connection's mailbox poll state (next poll time, last outcome), in the tenant's connections
 * partition under its own prefix, so listing connections (payerConnectionSortPrefix) never sees it.
 */
export const mailboxPollKey = (tenantId: string, connectionId: string): ItemKey => ({
  pk: payerConnectionsPartition(tenantId),
  sk: `MAILBOX#v1#${connectionId}`,
});

/**
 * The upload slots of one payer connection (its `concurrency`), in their own small partition: a
 * slot item is a lease (holder, expiry) taken by conditional write, so at most that many workers
 * hold a session to the connection at once. Zero-padded, so the slots sort by number.
 */
export const CONNECTION_SLOT_PREFIX = 'SLOT#v1#';
export const connectionSlotsPartition = (tenantId: string, connectionId: string): string =>
  `TENANT#${tenantId}#CONNSLOTS#${connectionId}`;
export const connectionSlotKey = (
  tenantId: string,
  connectionId: string,
  slot: number,
): ItemKey => ({
  pk: connectionSlotsPartition(tenantId, connectionId),
  sk: `${CONNECTION_SLOT_PREFIX}${String(slot).padStart(2, '0')}`,
});

/**
 * gsi3, the follow-up work queues (sparse: only items in a queue carry gsi3pk/gsi3sk). One
 * partition per tenant, queue and shard; the sort key puts bigger amounts first (inverted amount
 * band), then the oldest, so a page of the index is close to "highest priority first".
 */
export const workQueuePartition = (tenantId: string, queue: string, shard = 0): string =>
  `TENANT#${tenantId}#QUEUE#${queue}#${shard}`;
export const workQueueSort = (band: number, since: string, id: string): string =>
  `B${String(99 - band).padStart(2, '0')}#${since}#${id}`;

/** A tenant's webhook subscriptions, all in the tenant's own small partition (a tenant has a few). */
export const webhookSubscriptionsPartition = (tenantId: string): string =>
  `TENANT#${tenantId}#WEBHOOKS`;
export const webhookSubscriptionKey = (tenantId: string, webhookId: string): ItemKey => ({
  pk: webhookSubscriptionsPartition(tenantId),
  sk: `${webhookSubscriptionSortPrefix}${webhookId}`,
});

/** The sort-key prefix that selects every webhook subscription of a tenant. */
export const webhookSubscriptionSortPrefix = 'WEBHOOK#v1#';

/** The delivery log of one subscription: one item per event delivered to it. */
export const webhookDeliveryPartition = (tenantId: string, webhookId: string): string =>
  `TENANT#${tenantId}#WEBHOOK#${webhookId}#DELIVERIES`;

/**
 * One event's delivery to one subscription, sorted by the event's time so the log reads newest
 * first; the notify message id makes a re-sent message land on the same item.
 */
export const webhookDeliveryKey = (
  tenantId: string,
  webhookId: string,
  eventAt: string,
  notificationId: string,
): ItemKey => ({
  pk: webhookDeliveryPartition(tenantId, webhookId),
  sk: `${webhookDeliverySortPrefix}${eventAt}#${notificationId}`,
});

/** The sort-key prefix of a subscription's delivery items. */
export const webhookDeliverySortPrefix = 'DELIVERY#v1#';

const batchPartition = (tenantId: string, batchId: string): string =>
  `TENANT#${tenantId}#BATCH#${batchId}`;

/**
 * An uploaded 837 batch: status, counts, the 999's verdicts and archive keys (small, written a
 * few times). The batch id is derived from the tenant and the file's content hash, so the same
 * file uploaded again finds this item.
 */
export const batchKey = (tenantId: string, batchId: string): ItemKey => ({
  pk: batchPartition(tenantId, batchId),
  sk: 'BATCH#v1',
});

/** One page of a batch's claims (file order, a fixed number per page), written once, gzip. */
export const batchClaimPageKey = (tenantId: string, batchId: string, page: number): ItemKey => ({
  pk: batchPartition(tenantId, batchId),
  sk: `CLAIMS#v1#${String(page).padStart(4, '0')}`,
});

/** The routes whose requests are made idempotent (Powertools Idempotency, `Idempotency-Key`). */
export type IdempotentRoute = 'claims' | 'claim-batches' | 'claim-supersession';

/**
 * Powertools' key prefix for a route: it stores a record under `<prefix>#<hash of tenant, route,
 * key>`, so every record gets a partition of its own (no hot partition).
 */
export const idempotencyKeyPrefix = (route: IdempotentRoute): string => `IDEMPOTENCY#${route}`;

/** The record Powertools named `idempotencyKey` (its prefix and hash). */
export const idempotencyRecordKey = (idempotencyKey: string): ItemKey => ({
  pk: idempotencyKey,
  sk: 'IDEMPOTENCY#v1',
});
