// The content hash that archive keys, interchange records and batch ids carry: SHA-256 of the
// file's text (UTF-8), lowercase hex.
import { createHash } from 'node:crypto';

export function sha256Hex(content: string): string {
  return createHash('sha256').update(content, 'utf8').digest('hex');
}
