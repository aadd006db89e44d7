// How an SSH host key is pinned: by the SHA-256 of its public key blob, written as OpenSSH prints
// it after "SHA256:" (`ssh-keygen -l`), so an operator can copy the value from the payer's key.
import { createHash } from 'node:crypto';

/** The SHA-256 fingerprint of an SSH public key blob, base64 without padding. */
export function hostKeyFingerprint(publicKeyBlob: Buffer): string {
  return createHash('sha256').update(publicKeyBlob).digest('base64').replace(/=+$/, '');
}
