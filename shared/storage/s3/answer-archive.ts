// The archive bucket's inbound objects as the process-response function reads them back: the raw
// bytes the poller archived, or nothing when the key holds no object.
import { GetObjectCommand, NoSuchKey } from '@aws-sdk/client-s3';
import type { AnswerArchive } from '#shared/answers/answer-file-message';
import { S3RawFileArchive } from './raw-file-archive.ts';

export class S3AnswerArchive extends S3RawFileArchive implements AnswerArchive {
  async get(key: string): Promise<Uint8Array | undefined> {
    try {
      const result = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return await result.Body?.transformToByteArray();
    } catch (error) {
      if (error instanceof NoSuchKey) return undefined;
      throw error;
    }
  }
}
