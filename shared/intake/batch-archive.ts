// The archive of uploaded 837 batches and the 999s we answer them with (DESIGN section 8: every
// raw file, in and out, is archived before it is acted on): S3, KMS, under a prefix per tenant
// and batch. The batch id comes from the content hash, so a retry rewrites the same object.
import { S3RawFileArchive } from '#shared/storage/raw-file-archive';

/** Every batch key starts so; the api function's IAM grant is limited to it. */
export const BATCH_ARCHIVE_PREFIX = 'inbound-batches/';

/**
 * `inbound-batches/<tenant>/<batchId>/837.x12` (the upload) or `.../999-<ISA13>.x12` (our answer,
 * named by its control number: a resumed batch's new 999 never overwrites the one recorded).
 */
export function batchArchiveKey(
  tenantId: string,
  batchId: string,
  file: '837' | `999-${string}`,
): string {
  return `${BATCH_ARCHIVE_PREFIX}${tenantId}/${batchId}/${file}.x12`;
}

export interface BatchArchive {
  put(key: string, content: string): Promise<void>;
  getText(key: string): Promise<string>;
}

export class S3BatchArchive extends S3RawFileArchive implements BatchArchive {}
