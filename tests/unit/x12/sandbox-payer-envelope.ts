// The envelope the generator tests write their payer files in.
import type { InterchangeEnvelope } from '#shared/x12/writer';

/** An interchange from the sandbox payer to the clearinghouse (test usage, no TA1 asked). */
export function sandboxPayerEnvelope(options: {
  controlNumber: number;
  createdAt: Date;
}): InterchangeEnvelope {
  return {
    senderQualifier: 'ZZ',
    senderId: 'SANDBOXPAYER',
    receiverQualifier: 'ZZ',
    receiverId: 'CLEARINGHOUSE',
    controlNumber: options.controlNumber,
    usageIndicator: 'T',
    acknowledgmentRequested: false,
    createdAt: options.createdAt,
  };
}
