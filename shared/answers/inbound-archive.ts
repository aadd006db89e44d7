// The archive of every raw inbound answer file, written before anything acts on it (DESIGN
// section 8): S3 under inboundArchiveKey (tenant, connection, day, content hash), so a second put
// of the same bytes on the same day rewrites the same object.
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';

export interface InboundArchive {
  put(key: string, content: Uint8Array): Promise<void>;
}

export class S3InboundArchive implements InboundArchive {
  readonly #s3: S3Client;
  readonly #bucket: string;

  constructor(options: { s3: S3Client; bucket: string }) {
    this.#s3 = options.s3;
    this.#bucket = options.bucket;
  }

  async put(key: string, content: Uint8Array): Promise<void> {
    await this.#s3.send(
      new PutObjectCommand({
        Bucket: this.#bucket,
        Key: key,
        Body: content,
        ContentType: 'application/edi-x12',
      }),
    );
  }
}
