import ssh2 from 'ssh2';
import { describe, expect, it } from 'vitest';
import { hostKeyFingerprint } from '#shared/connectors/host-key-fingerprint';

// A public key and the fingerprint `ssh-keygen -lf` printed for it (after "SHA256:").
const PUBLIC_KEY =
  'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGuai5c4B5TT+6U7FfOkQlucUa5KAi+pZreNeRZI7g+d test';
const OPENSSH_FINGERPRINT = 'U0QBHtdgs3pU6WlZIrfuzjOaKlX8bWzetfFPTlP0Z5U';

describe('hostKeyFingerprint', () => {
  it('prints the SHA-256 of the key blob as OpenSSH does (base64, no padding)', () => {
    const blob = Buffer.from(PUBLIC_KEY.split(' ')[1] ?? '', 'base64');
    expect(hostKeyFingerprint(blob)).toBe(OPENSSH_FINGERPRINT);
  });

  it('fingerprints the blob ssh2 presents for a key the same way', () => {
    const parsed = ssh2.utils.parseKey(PUBLIC_KEY);
    if (parsed instanceof Error) throw parsed;
    expect(hostKeyFingerprint(parsed.getPublicSSH())).toBe(OPENSSH_FINGERPRINT);
  });
});
