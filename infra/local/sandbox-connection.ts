// The payer connection that routes a tenant's claims to the local sandbox payer (test mode).
import {
  payerConnectionSchema,
  type PayerConnection,
} from '#shared/domain/payers/payer-connection';

export function sandboxConnectionId(tenantId: string): string {
  return `sandbox-${tenantId.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`.slice(0, 63);
}

/** Every payer id ("*") goes to the sandbox, in test mode (ISA15 T), with small batches. */
export function sandboxConnection(tenantId: string): PayerConnection {
  return payerConnectionSchema.parse({
    connectionId: sandboxConnectionId(tenantId),
    tenantId,
    name: 'Sandbox payer (test mode)',
    payerIds: ['*'],
    usageIndicator: 'T',
    interchange: {
      senderQualifier: 'ZZ',
      senderId: 'CLEARINGHOUSE',
      receiverQualifier: 'ZZ',
      receiverId: 'SANDBOXPAYER',
      applicationSenderCode: 'CLEARINGHOUSE',
      applicationReceiverCode: 'SANDBOXPAYER',
      submitterId: 'CLEARINGHOUSE',
      receiverIdCode: 'SANDBOXPAYER',
      acknowledgmentRequested: true,
    },
    transport: { kind: 'sandbox', protocol: 'sftp' },
    batching: { windowSeconds: 0, maxClaimsPerInterchange: 100 },
    pollIntervalSeconds: 30,
  });
}
