// The archive of uploaded 837 batches and the 999s and TA1s we answer them with (DESIGN section 8: every
// raw file, in and out, is archived before it is acted on): S3, KMS, under a prefix per tenant
// and batch. The batch id comes from the content hash, so a retry rewrites the same object.
import { S3RawFileArchive } from '#shared/storage/s3/raw-file-archive';

/** Every batch key starts so; the api function's IAM grant is limited to it. */
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

export interface BatchArchive {
  put(key: string, content: string): Promise<void>;
  getText(key: string): Promise<string>;
}

export class S3BatchArchive extends S3RawFileArchive implements BatchArchive {}
