// Every object key of the archive bucket is built here. Keys carry the content hash (or the batch
// id derived from it), so a retry rewrites the same object. Each flow writes under its own prefix,
// and the functions' IAM grants are limited to it (infra/stacks/clearinghouse-stack.ts).

/** Raw payer answer files, archived by the poller. */
export const INBOUND_ARCHIVE_PREFIX = 'inbound/';

/** `inbound/<tenant>/<connection>/<YYYY-MM-DD>/<sha256>.x12`: same bytes, same key. */
export function inboundArchiveKey(
  tenantId: string,
  connectionId: string,
  receivedAt: Date,
  sha256: string,
): string {
  return connectionDayKey(INBOUND_ARCHIVE_PREFIX, tenantId, connectionId, receivedAt, sha256);
}

/** Outbound 837 interchanges, archived before the upload (the transmit function's grant). */
export const OUTBOUND_ARCHIVE_PREFIX = 'outbound/';

/** `outbound/<tenant>/<connection>/<YYYY-MM-DD>/<sha256>.x12` */
export function outboundArchiveKey(
  tenantId: string,
  connectionId: string,
  createdAt: Date,
  contentSha256: string,
): string {
  return connectionDayKey(
    OUTBOUND_ARCHIVE_PREFIX,
    tenantId,
    connectionId,
    createdAt,
    contentSha256,
  );
}

/** Uploaded 837 batches and the 999s and TA1s we answer them with (the api function's grant). */
export const BATCH_ARCHIVE_PREFIX = 'inbound-batches/';

/**
 * `inbound-batches/<tenant>/<batchId>/837.x12` (the upload), `.../999-<ISA13>.x12` or
 * `.../ta1-<ISA13>.x12` (our answers, named by their control numbers: a resumed batch's new
 * answer never overwrites the one recorded).
 */
export function batchArchiveKey(
  tenantId: string,
  batchId: string,
  file: '837' | `999-${string}` | `ta1-${string}`,
): string {
  return `${BATCH_ARCHIVE_PREFIX}${tenantId}/${batchId}/${file}.x12`;
}

/** `<prefix><tenant>/<connection>/<YYYY-MM-DD, UTC>/<sha256>.x12` */
function connectionDayKey(
  prefix: string,
  tenantId: string,
  connectionId: string,
  at: Date,
  sha256: string,
): string {
  return `${prefix}${tenantId}/${connectionId}/${at.toISOString().slice(0, 10)}/${sha256}.x12`;
}
