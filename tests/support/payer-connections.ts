// Payer connections for the tests: one as an administrator writes it (the input of `connection
// put`), SFTP to a fictitious payer; one to the local sandbox payer, as the local system sets it up.
import { sandboxConnection } from '#infra/local/sandbox-connection';
import {
  payerConnectionSchema,
  type PayerConnection,
  type PayerConnectionInput,
} from '#shared/domain/payers/payer-connection';

export function acmeSftpConnection(overrides: Record<string, unknown> = {}) {
  return {
    connectionId: 'acme-sftp',
    name: 'Acme Health SFTP',
    payerIds: ['87726'],
    usageIndicator: 'T',
    interchange: {
      senderQualifier: 'ZZ',
      senderId: 'CLEARHOUSE01',
      receiverQualifier: 'ZZ',
      receiverId: 'ACMEHEALTH',
      applicationSenderCode: 'CLEARHOUSE01',
      applicationReceiverCode: 'ACMEHEALTH',
      submitterId: 'CLEARHOUSE01',
      receiverIdCode: 'ACMEHEALTH',
    },
    transport: {
      kind: 'sftp',
      host: 'sftp.acme.example',
      username: 'clearhouse',
      hostKeySha256: 'pbTvetksRR/LiIYLUtarw61dhMZFAt0gzEREYPz1kII',
      credentialsSecret: 'clearinghouse/connections/acme-sftp',
      outboundPath: '/inbound',
      inboundPath: '/outbound',
    },
    ...overrides,
  };
}

/**
 * The local system's connection to the sandbox payer (every payer id, test mode, SFTP), under the
 * test's own tenant and connection ids, with fields overridden per test.
 */
export function sandboxTestConnection(
  tenantId: string,
  overrides: Partial<PayerConnectionInput> & Pick<PayerConnectionInput, 'connectionId'>,
): PayerConnection {
  return payerConnectionSchema.parse({ ...sandboxConnection(tenantId), ...overrides });
}

/** An HTTPS transport to the fictitious payer's API at `baseUrl`, bearer token from a secret. */
export function acmeHttpsTransport(baseUrl = 'https://api.example.com/v2') {
  return {
    kind: 'https',
    baseUrl,
    uploadPath: '/uploads',
    listPath: '/',
    fetchPath: '/{name}',
    acknowledgePath: '/{name}',
    auth: { type: 'bearer', credentialsSecret: 'upstream/token' },
  };
}
