// The test envelope of previews: `npm run x12 -- build` and the API's validate routes show the
// 837 a claim would become, with fixed test control numbers and ids (usage indicator T).
import type { Interchange837Envelope } from './claim-837-envelope.ts';

export const PREVIEW_TRACE_ID = 'PREVIEW';

export function previewEnvelope(now: Date): Interchange837Envelope {
  return {
    interchange: {
      senderQualifier: 'ZZ',
      senderId: 'CLEARINGHOUSE',
      receiverQualifier: 'ZZ',
      receiverId: 'PAYER',
      controlNumber: 1,
      usageIndicator: 'T',
      acknowledgmentRequested: false,
      createdAt: now,
    },
    groupControlNumber: 1,
    applicationSenderCode: 'CLEARINGHOUSE',
    applicationReceiverCode: 'PAYER',
    transmission: { submitterId: 'SUBMITTERID', receiverId: 'RECEIVERID', createdAt: now },
  };
}
