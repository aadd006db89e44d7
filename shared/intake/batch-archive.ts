// The archive of uploaded 837 batches and the 999s and TA1s we answer them with (docs/ARCHITECTURE.md section 8:
// every raw file, in and out, is archived before it is acted on), under batchArchiveKey
// (shared/storage/s3/archive-keys.ts). The batch id comes from the content hash, so a retry
// rewrites the same object. The S3 implementation is S3BatchArchive
// (shared/storage/s3/raw-file-archive.ts).

export interface BatchArchive {
  put(key: string, content: string): Promise<void>;
  getText(key: string): Promise<string>;
}
