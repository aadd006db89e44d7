// The archive of every raw inbound answer file, written before anything acts on it (docs/ARCHITECTURE.md
// section 8), under inboundArchiveKey (shared/storage/s3/archive-keys.ts); the S3 implementation
// is S3InboundArchive (shared/storage/s3/raw-file-archive.ts).

export interface InboundArchive {
  put(key: string, content: Uint8Array): Promise<void>;
}
