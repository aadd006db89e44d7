// Raw X12 files in the archive bucket (KMS, versioned): every file in or out is written here before
// anything acts on it (docs/ARCHITECTURE.md section 8). Keys (archive-keys.ts) carry the content hash, so a
// retry rewrites the same object. One class per flow, each the port its use case names.
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { InboundArchive } from '#shared/answers/inbound-archive';
import type { BatchArchive } from '#shared/intake/batch-archive';
import type { OutboundArchive } from '#shared/transmission/outbound-archive';
import { sha256Hex } from './content-hash.ts';

export class S3RawFileArchive {
  protected readonly s3: S3Client;
  protected readonly bucket: string;

  constructor(options: { s3: S3Client; bucket: string }) {
    this.s3 = options.s3;
    this.bucket = options.bucket;
  }

  async put(key: string, content: string | Uint8Array): Promise<void> {
    await this.s3.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: content,
        ContentType: 'application/edi-x12',
      }),
    );
  }

  /** The archived file as text (UTF-8). */
  async getText(key: string): Promise<string> {
    const result = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    return (await result.Body?.transformToString('utf8')) ?? '';
  }
}

/** Inbound answer files: puts only (the process-response function reads them back). */
export class S3InboundArchive extends S3RawFileArchive implements InboundArchive {}

/** Uploaded 837 batches and our 999s and TA1s for them. */
export class S3BatchArchive extends S3RawFileArchive implements BatchArchive {}

export class ArchivedContentMismatchError extends Error {
  constructor(key: string) {
    super(`archived interchange ${key} does not match its recorded hash`);
    this.name = 'ArchivedContentMismatchError';
  }
}

/** Outbound 837s: a resumed upload gets exactly the bytes that were recorded, or an error. */
export class S3OutboundArchive extends S3RawFileArchive implements OutboundArchive {
  async get(key: string, contentSha256: string): Promise<string> {
    const content = await this.getText(key);
    if (sha256Hex(content) !== contentSha256) throw new ArchivedContentMismatchError(key);
    return content;
  }
}
