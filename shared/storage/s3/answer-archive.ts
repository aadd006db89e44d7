// The archive bucket's inbound objects as the process-response function reads them back: the raw
// bytes the poller archived, or nothing when the key holds no object.
import { GetObjectCommand, NoSuchKey, type S3Client } from '@aws-sdk/client-s3';
import type { AnswerArchive } from '#shared/answers/answer-file-message';

export class S3AnswerArchive implements AnswerArchive {
  readonly #s3: S3Client;
  readonly #bucket: string;

  constructor(options: { s3: S3Client; bucket: string }) {
    this.#s3 = options.s3;
    this.#bucket = options.bucket;
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    try {
      const result = await this.#s3.send(new GetObjectCommand({ Bucket: this.#bucket, Key: key }));
      return await result.Body?.transformToByteArray();
    } catch (error) {
      if (error instanceof NoSuchKey) return undefined;
      throw error;
    }
  }
}
