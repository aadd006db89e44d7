// The archive of every raw inbound answer file, written before anything acts on it (DESIGN
// section 8): S3 under inboundArchiveKey (tenant, connection, day, content hash), so a second put
// of the same bytes on the same day rewrites the same object.
import { S3RawFileArchive } from '#shared/storage/s3/raw-file-archive';

export interface InboundArchive {
  put(key: string, content: Uint8Array): Promise<void>;
}

/** Inbound answer files: puts only (the process-response function reads them back). */
export class S3InboundArchive extends S3RawFileArchive implements InboundArchive {}
