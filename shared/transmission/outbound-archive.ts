// The archive of every outbound 837, written before the upload (docs/ARCHITECTURE.md section 8), under
// outboundArchiveKey (shared/storage/s3/archive-keys.ts), so a retry rewrites the same object and
// a resumed upload sends exactly the bytes that were recorded. The S3 implementation is
// S3OutboundArchive (shared/storage/s3/raw-file-archive.ts).

export interface OutboundArchive {
  put(key: string, content: string): Promise<void>;
  /** The archived bytes, checked against the recorded hash. */
  get(key: string, contentSha256: string): Promise<string>;
}
