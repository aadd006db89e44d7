// The archive of every outbound 837, written before the upload (DESIGN section 8): S3, keyed by
// tenant, connection, day and content hash, so a retry rewrites the same object and a resumed
// upload sends exactly the bytes that were recorded.
import { createHash } from 'node:crypto';
import { S3RawFileArchive } from '#shared/storage/s3/raw-file-archive';

export function sha256Hex(content: string): string {
  return createHash('sha256').update(content, 'utf8').digest('hex');
}

/** Every outbound key starts so; the transmit function's IAM grant is limited to it. */
export const OUTBOUND_ARCHIVE_PREFIX = 'outbound/';

/** `outbound/<tenant>/<connection>/<YYYY-MM-DD>/<sha256>.x12` */
export function outboundArchiveKey(
  tenantId: string,
  connectionId: string,
  createdAt: Date,
  contentSha256: string,
): string {
  const day = createdAt.toISOString().slice(0, 10);
  return `${OUTBOUND_ARCHIVE_PREFIX}${tenantId}/${connectionId}/${day}/${contentSha256}.x12`;
}

export class ArchivedContentMismatchError extends Error {
  constructor(key: string) {
    super(`archived interchange ${key} does not match its recorded hash`);
    this.name = 'ArchivedContentMismatchError';
  }
}

export interface OutboundArchive {
  put(key: string, content: string): Promise<void>;
  /** The archived bytes, checked against the recorded hash. */
  get(key: string, contentSha256: string): Promise<string>;
}

export class S3OutboundArchive extends S3RawFileArchive implements OutboundArchive {
  async get(key: string, contentSha256: string): Promise<string> {
    const content = await this.getText(key);
    if (sha256Hex(content) !== contentSha256) throw new ArchivedContentMismatchError(key);
    return content;
  }
}
