// The response queue: one message per archived payer answer file (a reference, never content).
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { answerFileReferenceBody, type AnswerFileReference } from './answer-file-reference.ts';

export interface AnswerFileQueue {
  enqueue(reference: AnswerFileReference): Promise<void>;
}

export class SqsAnswerFileQueue implements AnswerFileQueue {
  readonly #sqs: SQSClient;
  readonly #queueUrl: string;

  constructor(options: { sqs: SQSClient; queueUrl: string }) {
    this.#sqs = options.sqs;
    this.#queueUrl = options.queueUrl;
  }

  async enqueue(reference: AnswerFileReference): Promise<void> {
    await this.#sqs.send(
      new SendMessageCommand({
        QueueUrl: this.#queueUrl,
        MessageBody: answerFileReferenceBody(reference),
      }),
    );
  }
}
