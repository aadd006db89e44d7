// The transmit queue: a message names a claim (tenant, id, revision), never carries claim data;
// its writer (intake, sweeper) and its reader (the transmit function).
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';

export interface TransmitRequest {
  readonly tenantId: string;
  readonly claimId: string;
  /** the claim revision that was queued; the transmit worker de-duplicates on it */
  readonly revision: number;
}

export interface ClaimQueue {
  enqueue(request: TransmitRequest): Promise<void>;
}

export class SqsClaimQueue implements ClaimQueue {
  readonly #sqs: SQSClient;
  readonly #queueUrl: string;

  constructor(options: { sqs: SQSClient; queueUrl: string }) {
    this.#sqs = options.sqs;
    this.#queueUrl = options.queueUrl;
  }

  async enqueue(request: TransmitRequest): Promise<void> {
    await this.#sqs.send(
      new SendMessageCommand({
        QueueUrl: this.#queueUrl,
        MessageBody: JSON.stringify({
          tenantId: request.tenantId,
          claimId: request.claimId,
          revision: request.revision,
        }),
      }),
    );
  }
}

/** Reads a transmit queue message; a body that is not a transmit request gives `undefined`. */
export function parseTransmitRequest(body: string): TransmitRequest | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { tenantId, claimId, revision } = parsed as Record<string, unknown>;
  if (typeof tenantId !== 'string' || tenantId === '') return undefined;
  if (typeof claimId !== 'string' || claimId === '') return undefined;
  if (typeof revision !== 'number' || !Number.isInteger(revision) || revision < 1) return undefined;
  return { tenantId, claimId, revision };
}
