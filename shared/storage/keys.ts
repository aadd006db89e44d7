// Every DynamoDB key of the single table is built here, from documented templates (see README.md).
// Keys carry the entity and its version; every tenant-owned key starts with the tenant id, so a
// query can never cross tenants. Ids are case-sensitive: nothing is lower-cased.

export interface ItemKey {
  readonly pk: string;
  readonly sk: string;
}

export const tenantKey = (tenantId: string): ItemKey => ({
  pk: `TENANT#${tenantId}`,
  sk: 'TENANT#v1',
});

/** All tenants in one small partition: read by the schedulers, written once per tenant. */
export const tenantDirectoryKey = (tenantId: string): ItemKey => ({
  pk: 'TENANTS#v1',
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
