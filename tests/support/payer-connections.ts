// A payer connection as an administrator writes it (the input of `connection put`): SFTP to a
// fictitious payer, with fields overridden per test.

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
