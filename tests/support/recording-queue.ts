// Test helper: a transmit queue that keeps what it was sent, for tests that read it back.
import type { ClaimQueue, TransmitRequest } from '#shared/storage/sqs/transmit-queue';

export class RecordingQueue implements ClaimQueue {
  readonly sent: TransmitRequest[] = [];
  enqueue(request: TransmitRequest): Promise<void> {
    this.sent.push(request);
    return Promise.resolve();
  }
}
