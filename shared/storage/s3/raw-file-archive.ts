// Raw X12 files in the archive bucket (KMS, versioned): every file in or out is written here before
// anything acts on it (DESIGN section 8). Keys carry the content hash, so a retry rewrites the
// same object. The inbound and outbound archives add their key layout and checks on top.
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';

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
