// Test helper: the answer pipeline on the local engines, with an in-memory interchange lookup
// (what the transmit worker's records will answer) and the notify queue read back from fauxqs.
import { DeleteMessageBatchCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import { RepositoryClaimDirectory } from '#shared/answers/claim-directory';
import type { ClaimNotification } from '#shared/webhooks/claim-notification';
import { SqsClaimNotifier } from '#shared/storage/sqs/claim-notifier';
import type {
  InterchangeLookup,
  SentInterchange,
  SentTransactionSet,
} from '#shared/domain/answers/match-claims';
import { processAnswerFile, type AnswerFileResult } from '#shared/answers/process-answer-file';
import { AnswerRepository } from '#shared/storage/dynamodb/answer-repository';
import { ClaimRepository } from '#shared/storage/dynamodb/claim-repository';
import type { ClaimRecord } from '#shared/domain/claims/claim-record';
import { newTenantId } from '#shared/storage/dynamodb/tenant-repository';
import { claimFixture, newClaim } from '../../support/claims.ts';
import type { TestResources } from '../../support/local-resources.ts';
import { PAYER, PAYER_ID, US } from './answer-builders.ts';

/** Interchanges we sent, keyed as the transmit worker records them. */
export class InMemoryInterchanges implements InterchangeLookup {
  readonly #byIsa13 = new Map<string, SentInterchange>();
  readonly #byGs06 = new Map<string, SentInterchange>();

  add(isa13: string, gs06: string, tenantId: string, sets: readonly SentTransactionSet[]): void {
    const sent = { tenantId, transactionSets: sets };
    this.#byIsa13.set(`${US}|${PAYER}|${isa13}`, sent);
    this.#byGs06.set(`${US}|${PAYER}|${gs06}`, sent);
  }

  byInterchangeControlNumber(query: { senderId: string; receiverId: string; isa13: string }) {
    return Promise.resolve(
      this.#byIsa13.get(`${query.senderId}|${query.receiverId}|${query.isa13}`),
    );
  }

  byGroupControlNumber(query: { senderId: string; receiverId: string; gs06: string }) {
    return Promise.resolve(this.#byGs06.get(`${query.senderId}|${query.receiverId}|${query.gs06}`));
  }
}

let sequence = 0;

export class AnswerHarness {
  readonly tenantId: string;
  readonly claims: ClaimRepository;
  readonly answers: AnswerRepository;
  readonly interchanges = new InMemoryInterchanges();
  readonly #test: TestResources;
  readonly #notifyQueueUrl: string;
  #files = 0;

  constructor(test: TestResources, onWriteCapacity?: (capacity: ConsumedCapacity) => void) {
    sequence += 1;
    this.tenantId = newTenantId();
    this.#test = test;
    const options = {
      documents: test.clients.documents,
      tableName: test.tableName,
      ...(onWriteCapacity ? { onWriteCapacity } : {}),
    };
    this.claims = new ClaimRepository(options);
    this.answers = new AnswerRepository(options);
    this.#notifyQueueUrl = test.resources.queues.notify.url;
  }

  /** A claim submitted, queued and transmitted in interchange isa13/gs06 as set st02. */
  async transmittedClaim(options: {
    patientControlNumber: string;
    chargeAmount?: string;
    payerId?: string;
  }): Promise<ClaimRecord> {
    sequence += 1;
    const claimId = `clm_${Date.now().toString(36)}_${sequence}`;
    await this.claims.create(
      newClaim({
        tenantId: this.tenantId,
        claimId,
        body: claimFixture('professional-minimal'),
        patientControlNumber: options.patientControlNumber,
        payerId: options.payerId ?? PAYER_ID,
        chargeAmount: options.chargeAmount ?? '100.00',
        source: { kind: 'api' },
      }),
    );
    for (const to of ['QUEUED', 'TRANSMITTED'] as const) {
      await this.claims.transition({
        tenantId: this.tenantId,
        claimId,
        to,
        type: `claim.${to.toLowerCase()}`,
        source: { kind: 'transmit' },
        now: new Date('2026-11-20T11:00:00Z'),
      });
    }
    return this.claims.get(this.tenantId, claimId);
  }

  /** Records claims as sent in one interchange, the i-th claim in ST02 = i + 1. */
  sent(isa13: string, gs06: string, claims: readonly ClaimRecord[]): void {
    this.interchanges.add(
      isa13,
      gs06,
      this.tenantId,
      claims.map((claim, index) => ({
        st02: String(index + 1).padStart(4, '0'),
        claimId: claim.claimId,
        revision: 3,
      })),
    );
  }

  async process(content: string): Promise<AnswerFileResult> {
    this.#files += 1;
    return processAnswerFile(
      {
        tenantId: this.tenantId,
        rawFileKey: `inbound/${this.tenantId}/${this.#files}.x12`,
        content: new TextEncoder().encode(content),
        receivedAt: new Date('2026-11-22T12:00:00Z'),
      },
      {
        claims: this.claims,
        answers: this.answers,
        interchanges: this.interchanges,
        directory: new RepositoryClaimDirectory(this.claims),
        notifier: new SqsClaimNotifier({
          sqs: this.#test.clients.sqs,
          queueUrl: this.#notifyQueueUrl,
        }),
        now: () => new Date('2026-11-22T12:00:01Z'),
      },
    );
  }

  status(claim: ClaimRecord): Promise<string> {
    return this.claims.get(this.tenantId, claim.claimId).then((read) => read.status);
  }

  /** Every notify message of this tenant on the queue now (others' are left alone). */
  async notifications(): Promise<ClaimNotification[]> {
    const mine: ClaimNotification[] = [];
    for (;;) {
      const received = await this.#test.clients.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: this.#notifyQueueUrl,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 0,
          VisibilityTimeout: 30,
        }),
      );
      const messages = received.Messages ?? [];
      if (messages.length === 0) return mine;
      const ours = messages.filter((message) => {
        const body = JSON.parse(message.Body ?? '{}') as ClaimNotification;
        if (body.tenantId !== this.tenantId) return false;
        mine.push(body);
        return true;
      });
      if (ours.length > 0) {
        await this.#test.clients.sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: this.#notifyQueueUrl,
            Entries: ours.map((message, index) => ({
              Id: String(index),
              ReceiptHandle: message.ReceiptHandle,
            })),
          }),
        );
      }
    }
  }
}
