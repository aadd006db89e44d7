// Batch uploads at the application level (real DynamoDB Local, fauxqs S3 and SQS, no HTTP): claims
// of accepted sets stored and queued as JSON submissions, the 999, refusals, idempotency, resumes.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { PurgeQueueCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { createApplication, type Application } from '#shared/api/application';
import type { HttpRequest } from '#shared/api/http';
import type { Config } from '#shared/config/config';
import { S3BatchArchive } from '#shared/storage/s3/raw-file-archive';
import { submitBatch, type BatchIntakeDependencies } from '#shared/intake/batch-intake';
import { BatchRepository } from '#shared/storage/dynamodb/batch-repository';
import { ClaimRepository } from '#shared/storage/dynamodb/claim-repository';
import { createS3Client } from '#shared/storage/aws-clients';
import { DynamoControlNumberCounter } from '#shared/storage/dynamodb/control-number-counter';
import { CountedControlNumbers } from '#shared/transmission/control-numbers';
import type { Acknowledgment999 } from '#shared/x12/parse-999';
import { parseX12 } from '#shared/x12/parse-document';
import {
  batchClaim,
  batchFile,
  CLEARINGHOUSE,
  invalidBatchClaim,
  SUBMITTER,
  withInvalidSecondClaimInFirstSet,
  type BatchClaimView,
} from '../../support/claim-batches.ts';
import { provisionTestTenants, type TestResources } from '../../support/local-resources.ts';
import { capturedOutput } from '../../support/output-capture.ts';
import { RecordingQueue } from '../../support/recording-queue.ts';

let test: TestResources;
let config: Config;
let claims: ClaimRepository;
let application: Application;
let s3: S3Client;

const queue = new RecordingQueue();

beforeAll(async () => {
  const provisioned = await provisionTestTenants({ tn_bat: 'Batches', tn_other: 'Other' });
  test = provisioned;
  config = provisioned.config;
  claims = new ClaimRepository({ documents: test.clients.documents, tableName: test.tableName });
  application = createApplication(config, { clients: test.clients, queue });
  s3 = createS3Client(config);
});

interface Answer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Record<string, unknown>;
}

async function call(
  method: string,
  path: string,
  options: {
    body?: string;
    contentType?: string;
    headers?: Record<string, string>;
    tenantId?: string;
    query?: Record<string, string>;
  } = {},
): Promise<Answer> {
  const request: HttpRequest = {
    method,
    path,
    headers: {
      ...(options.body === undefined
        ? {}
        : { 'content-type': options.contentType ?? 'application/edi-x12' }),
      ...options.headers,
    },
    query: options.query ?? {},
    body: options.body,
    requestId: 'req-' + randomUUID(),
    baseUrl: '',
    tenantId: options.tenantId ?? 'tn_bat',
  };
  const answer = await application.handle(request);
  return {
    status: answer.statusCode,
    headers: answer.headers,
    body: JSON.parse(answer.body) as Record<string, unknown>,
  };
}

const upload = (file: string, options: Parameters<typeof call>[2] = {}) =>
  call('POST', '/v1/claim-batches', { body: file, ...options });

const claimsOf = (answer: Answer) => answer.body.claims as BatchClaimView[];

function ack999(text: string): Acknowledgment999 {
  const document = parseX12(text, { strict: true });
  return document.interchanges[0]?.groups[0]?.transactions[0] as Acknowledgment999;
}

/** The TA1s of a TA1 file read back with the project's parser (parse-ta1.ts), with their envelopes. */
function ta1sOf(text: string) {
  return parseX12(text, { strict: true }).interchanges.map((interchange) => ({
    senderId: interchange.senderId,
    receiverId: interchange.receiverId,
    controlNumber: interchange.controlNumber,
    ta1: interchange.ta1,
  }));
}

/** The notify queue's messages (after a purge: those of one upload). */
async function notifyMessages(): Promise<Record<string, unknown>[]> {
  const received = await test.clients.sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: config.NOTIFY_QUEUE_URL,
      MaxNumberOfMessages: 10,
      WaitTimeSeconds: 1,
    }),
  );
  return (received.Messages ?? []).map(
    (message) => JSON.parse(message.Body ?? '{}') as Record<string, unknown>,
  );
}

/** A file that no other test uploads (ISA13 and claims of its own). */
let files = 100;
function uniqueFile(claimsInFile: Parameters<typeof batchFile>[0]): string {
  files += 1;
  return batchFile(claimsInFile, { controlNumber: files });
}

describe('POST /v1/claim-batches', () => {
  it('stores and queues the claims of accepted sets as JSON submissions, rejects the invalid one, and answers a 999 with AK9 P', async () => {
    const file = uniqueFile([
      batchClaim('PCN-ONE'),
      invalidBatchClaim('PCN-TWO'),
      batchClaim('PCN-THREE'),
    ]);
    const queuedBefore = queue.sent.length;

    const answer = await upload(file);

    expect(answer.status).toBe(202);
    const batchId = answer.body.batchId as string;
    expect(batchId).toMatch(/^bat_[0-9a-z]{24}$/);
    expect(answer.headers.location).toBe(`/v1/claim-batches/${batchId}`);
    expect(answer.body).toMatchObject({
      status: 'PARTIALLY_ACCEPTED',
      counts: {
        transactionSets: { received: 3, accepted: 2, rejected: 1 },
        claims: { received: 3, accepted: 2, rejected: 1 },
      },
      acknowledgment: { verdict: 'P', groups: [{ acknowledgment: 'P', included: 3, accepted: 2 }] },
    });
    const [one, two, three] = claimsOf(answer);
    expect([one?.outcome, two?.outcome, three?.outcome]).toEqual([
      'ACCEPTED',
      'REJECTED',
      'ACCEPTED',
    ]);
    expect(one).toMatchObject({
      sequence: 1,
      transactionSetControlNumber: '0001',
      status: 'QUEUED',
    });
    expect(two?.claimId).toBeUndefined();
    expect(two?.errors).toEqual([
      expect.objectContaining({ path: 'billing.npi', code: 'INVALID_NPI' }),
    ]);
    // every error names the rule, never the value
    expect(JSON.stringify(two?.errors)).not.toContain('1234567890');

    // the 999: IK5 per set, the rejected one with an IK3 at its CLM and CTX CLM01
    const ack = ack999((answer.body.acknowledgment as { x12: string }).x12);
    expect(ack.groupAcknowledgment).toBe('P');
    expect(ack.transactionSets.map((set) => [set.controlNumber, set.acknowledgment])).toEqual([
      ['0001', 'A'],
      ['0002', 'R'],
      ['0003', 'A'],
    ]);
    expect(ack.transactionSets[1]?.errors[0]).toMatchObject({ segmentId: 'CLM', code: '8' });

    // stored and queued exactly as a JSON submission, with the batch as its channel
    for (const view of [one, three]) {
      const record = await claims.get('tn_bat', view?.claimId ?? '');
      expect(record).toMatchObject({
        status: 'QUEUED',
        kind: 'professional',
        patientControlNumber: view?.patientControlNumber,
        submission: { channel: 'batch', batchId },
      });
      expect(record.history.map((event) => [event.type, event.source.kind])).toEqual([
        ['claim.received', 'batch'],
        ['claim.queued', 'batch'],
      ]);
    }
    expect(queue.sent.slice(queuedBefore).map((sent) => sent.claimId)).toEqual(
      expect.arrayContaining([one?.claimId, three?.claimId]),
    );
    expect(queue.sent.length - queuedBefore).toBe(2);

    // the upload and the 999 are archived under the tenant's prefix
    const archived = await s3.send(
      new GetObjectCommand({
        Bucket: config.ARCHIVE_BUCKET,
        Key: `inbound-batches/tn_bat/${batchId}/837.x12`,
      }),
    );
    expect(await archived.Body?.transformToString('utf8')).toBe(file);
  });

  it('puts one batch.acknowledged on the notify queue: ids, counts and verdicts, no claim data', async () => {
    await test.clients.sqs.send(new PurgeQueueCommand({ QueueUrl: config.NOTIFY_QUEUE_URL }));
    const answer = await upload(uniqueFile([batchClaim('PCN-NOTE'), batchClaim('PCN-NOTE2')]));

    const messages = await notifyMessages();
    expect(messages).toEqual([
      expect.objectContaining({
        kind: 'batch',
        type: 'batch.acknowledged',
        id: `${answer.body.batchId as string}:acknowledged`,
        batchId: answer.body.batchId,
        status: 'ACCEPTED',
        counts: {
          transactionSets: { received: 2, accepted: 2, rejected: 0 },
          claims: { received: 2, accepted: 2, rejected: 0 },
        },
      }),
    ]);
    const text = JSON.stringify(messages);
    for (const phi of ['PCN-NOTE', 'DELGADO', 'MARIA', '987654321', '19660203', 'I10']) {
      expect(text).not.toContain(phi);
    }
  });

  it('rejects a whole transaction set when one of its claims is invalid, and stores none of it', async () => {
    const file = withInvalidSecondClaimInFirstSet(
      uniqueFile([batchClaim('PCN-GOOD'), batchClaim('PCN-ALONE')]),
      'PCN-BAD-TWIN',
    );

    const answer = await upload(file);

    expect(answer.status).toBe(202);
    expect(claimsOf(answer).map((view) => [view.patientControlNumber, view.outcome])).toEqual([
      ['PCN-GOOD', 'REJECTED'],
      ['PCN-BAD-TWIN', 'REJECTED'],
      ['PCN-ALONE', 'ACCEPTED'],
    ]);
    expect(claimsOf(answer)[0]?.errors).toEqual([
      expect.objectContaining({ path: '', code: 'TRANSACTION_SET_REJECTED' }),
    ]);
    expect(claimsOf(answer)[1]?.errors).toEqual([
      expect.objectContaining({ code: 'INVALID_ICD10_CODE' }),
    ]);
    expect(claimsOf(answer)[0]?.claimId).toBeUndefined();
    expect(answer.body.counts).toEqual({
      transactionSets: { received: 2, accepted: 1, rejected: 1 },
      claims: { received: 3, accepted: 1, rejected: 2 },
    });
  });

  it('answers the first batch when the same file is uploaded again, and stores no claim twice', async () => {
    const file = uniqueFile([batchClaim('PCN-AGAIN')]);
    const first = await upload(file);
    const queued = queue.sent.length;

    const again = await upload(file);

    expect(first.status).toBe(202);
    expect(again.status).toBe(200);
    expect(again.body.batchId).toBe(first.body.batchId);
    expect(claimsOf(again).map((view) => view.claimId)).toEqual(
      claimsOf(first).map((view) => view.claimId),
    );
    expect(queue.sent.length).toBe(queued);
  });

  it('honours Idempotency-Key: a repeat answers the first upload, another file with the key is 422', async () => {
    const key = { 'idempotency-key': `batch-${randomUUID()}` };
    const file = uniqueFile([batchClaim('PCN-KEY')]);

    const first = await upload(file, { headers: key });
    const repeat = await upload(file, { headers: key });
    const reuse = await upload(uniqueFile([batchClaim('PCN-KEY2')]), { headers: key });

    expect(first.status).toBe(202);
    expect(repeat.status).toBe(202);
    expect(repeat.body.batchId).toBe(first.body.batchId);
    expect(reuse.status).toBe(422);
    expect(reuse.body.type).toContain('idempotency-key-reused');
  });

  it('refuses a file it cannot read with 422 naming the code and segment, and keeps it REJECTED', async () => {
    const file = uniqueFile([batchClaim('PCN-CUT')]);
    const cut = file.slice(0, file.indexOf('CLM*') + 10);

    const answer = await upload(cut);

    expect(answer.status).toBe(422);
    expect(answer.headers['content-type']).toBe('application/problem+json');
    expect(answer.body).toMatchObject({
      type: expect.stringContaining('batch-refused') as unknown,
      errors: [
        { code: 'TRUNCATED', path: expect.stringMatching(/^segments\[\d+\]\.CLM/) as unknown },
      ],
    });
    const batchId = answer.body.batchId as string;
    const read = await call('GET', `/v1/claim-batches/${batchId}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ status: 'REJECTED', problem: { code: 'TRUNCATED' } });
    expect(read.body.acknowledgment).toBeUndefined();
    // the ISA could be read: a TA1 R 023 (improper end of file) answers the interchange
    expect((read.body.ta1 as { interchanges: unknown[] }).interchanges).toEqual([
      expect.objectContaining({ acknowledgment: 'R', noteCode: '023' }),
    ]);
    // the same file again: the same answer
    expect((await upload(cut)).body.batchId).toBe(batchId);
  });

  it('refuses an interchange whose IEA count is wrong, naming the IEA, with a TA1 R 021', async () => {
    const file = uniqueFile([batchClaim('PCN-IEA')]).replace(/IEA\*1\*/, 'IEA*2*');

    const answer = await upload(file);

    expect(answer.status).toBe(422);
    expect(answer.body.errors).toEqual([
      expect.objectContaining({
        code: 'COUNT_MISMATCH',
        path: expect.stringMatching(/\.IEA01$/) as unknown,
      }),
    ]);
    const ta1 = answer.body.ta1 as { x12: string };
    expect(ta1sOf(ta1.x12)[0]?.ta1[0]).toMatchObject({ acknowledgment: 'R', noteCode: '021' });
  });

  it('answers an IEA02 that differs from ISA13 with a TA1 R 001: in the 422, on the batch, archived, and as batch.acknowledged', async () => {
    await test.clients.sqs.send(new PurgeQueueCommand({ QueueUrl: config.NOTIFY_QUEUE_URL }));
    files += 1;
    const file = batchFile([batchClaim('PCN-TA1')], { controlNumber: files }).replace(
      /IEA\*1\*\d+/,
      'IEA*1*000000777',
    );

    const answer = await upload(file);

    expect(answer.status).toBe(422);
    expect(answer.body.errors).toEqual([
      expect.objectContaining({
        code: 'CONTROL_NUMBER_MISMATCH',
        path: expect.stringMatching(/\.IEA02$/) as unknown,
      }),
    ]);
    const ta1 = answer.body.ta1 as {
      x12: string;
      interchanges: { interchangeControlNumber: string }[];
    };
    const isa13 = String(files).padStart(9, '0');
    const [reply] = ta1sOf(ta1.x12);
    expect(reply).toMatchObject({
      senderId: CLEARINGHOUSE.id,
      receiverId: SUBMITTER.id,
      controlNumber: ta1.interchanges[0]?.interchangeControlNumber,
      ta1: [{ interchangeControlNumber: isa13, acknowledgment: 'R', noteCode: '001' }],
    });
    const batchId = answer.body.batchId as string;
    const read = await call('GET', `/v1/claim-batches/${batchId}`);
    expect(read.body).toMatchObject({
      status: 'REJECTED',
      problem: { code: 'CONTROL_NUMBER_MISMATCH', segmentId: 'IEA', position: 2 },
      counts: { claims: { received: 1, accepted: 0, rejected: 1 } },
      ta1: {
        interchanges: [{ acknowledgedControlNumber: isa13, acknowledgment: 'R', noteCode: '001' }],
        x12: ta1.x12,
      },
    });
    const archived = await s3.send(
      new GetObjectCommand({
        Bucket: config.ARCHIVE_BUCKET,
        Key: `inbound-batches/tn_bat/${batchId}/ta1-${reply?.controlNumber ?? ''}.x12`,
      }),
    );
    expect(await archived.Body?.transformToString('utf8')).toBe(ta1.x12);

    const messages = await notifyMessages();
    expect(messages).toEqual([
      {
        kind: 'batch',
        type: 'batch.acknowledged',
        id: `${batchId}:acknowledged`,
        tenantId: 'tn_bat',
        batchId,
        at: expect.any(String) as unknown,
        status: 'REJECTED',
        counts: {
          transactionSets: { received: 1, accepted: 0, rejected: 1 },
          claims: { received: 1, accepted: 0, rejected: 1 },
        },
        problem: {
          code: 'CONTROL_NUMBER_MISMATCH',
          segment: expect.any(Number) as unknown,
          segmentId: 'IEA',
          position: 2,
        },
        ta1: {
          interchanges: [
            {
              acknowledgedControlNumber: isa13,
              acknowledgment: 'R',
              noteCode: '001',
              interchangeControlNumber: reply?.controlNumber,
            },
          ],
        },
      },
    ]);
    const text = JSON.stringify(messages);
    for (const phi of ['PCN-TA1', 'DELGADO', 'MARIA', '987654321', '19660203', '000000777']) {
      expect(text).not.toContain(phi);
    }
  });

  it('refuses a file without a readable ISA with 422 and no TA1, and still tells batch.acknowledged', async () => {
    await test.clients.sqs.send(new PurgeQueueCommand({ QueueUrl: config.NOTIFY_QUEUE_URL }));
    const file = `hello ${randomUUID()}, this is no X12`;

    const answer = await upload(file);

    expect(answer.status).toBe(422);
    expect(answer.body.errors).toEqual([expect.objectContaining({ code: 'NO_ISA' })]);
    expect(answer.body.ta1).toBeUndefined();
    const batchId = answer.body.batchId as string;
    const read = await call('GET', `/v1/claim-batches/${batchId}`);
    expect(read.body).toMatchObject({ status: 'REJECTED', problem: { code: 'NO_ISA' } });
    expect(read.body.ta1).toBeUndefined();
    const messages = await notifyMessages();
    expect(messages).toEqual([
      expect.objectContaining({
        batchId,
        status: 'REJECTED',
        problem: expect.objectContaining({ code: 'NO_ISA' }) as unknown,
      }),
    ]);
    expect(messages[0]).not.toHaveProperty('ta1');
  });

  it('adds a TA1 A 000 to the 999 when ISA14 asks for one', async () => {
    const file = uniqueFile([batchClaim('PCN-ISA14')]).replace(/\*0\*([PT])\*:~/, '*1*$1*:~');

    const answer = await upload(file);

    expect(answer.status).toBe(202);
    const ta1 = answer.body.ta1 as { x12: string };
    expect(ta1sOf(ta1.x12)[0]?.ta1).toEqual([
      expect.objectContaining({ acknowledgment: 'A', noteCode: '000' }),
    ]);
    expect((answer.body.acknowledgment as { verdict: string }).verdict).toBe('A');
  });

  it('answers 413 above the size limit, 415 for another media type and 400 for an empty body', async () => {
    const big = await upload('ISA' + 'x'.repeat(5 * 1024 * 1024));
    const json = await upload('{}', { contentType: 'application/json' });
    const empty = await upload('  ');

    expect(big.status).toBe(413);
    expect(json.status).toBe(415);
    expect(empty.status).toBe(400);
  });

  it('accepts text/plain as well', async () => {
    const answer = await upload(uniqueFile([batchClaim('PCN-TEXT')]), {
      contentType: 'text/plain; charset=utf-8',
    });

    expect(answer.status).toBe(202);
  });
});

describe('batch logs', () => {
  it('write no PHI during uploads, refusals and reads, and audit the batch and its claims by ids', async () => {
    const written = await capturedOutput(async () => {
      const posted = await upload(
        uniqueFile([batchClaim('PCN-LOG-1'), invalidBatchClaim('PCN-LOG-2')]),
      );
      await call('GET', `/v1/claim-batches/${posted.body.batchId as string}`);
      const broken = uniqueFile([batchClaim('PCN-LOG-3')]);
      await upload(broken.slice(0, broken.indexOf('DMG*') + 8));
    });

    expect(written).toContain('"action":"claim-batch.submitted"');
    expect(written).toContain('"action":"claim.submitted"');
    expect(written).toContain('"action":"claim-batch.read"');
    for (const phi of [
      'MARIA',
      'DELGADO',
      '987654321', // member id
      '19660203', // birth date
      'ELM STREET',
      'I10', // the diagnosis
      'PCN-LOG', // patient control numbers
      '1234567890', // the refused NPI
    ]) {
      expect(written).not.toContain(phi);
    }
  });
});

describe('GET /v1/claim-batches/{batchId}', () => {
  it('pages the claims, reads their current statuses in one BatchGet per page, and gives the 999 on the first page', async () => {
    const many = Array.from({ length: 130 }, (_unused, index) => batchClaim(`PCN-M${index}`));
    const posted = await upload(uniqueFile(many));
    expect(posted.status).toBe(202);
    const batchId = posted.body.batchId as string;
    const firstId = claimsOf(posted)[0]?.claimId ?? '';
    await claims.transition({
      tenantId: 'tn_bat',
      claimId: firstId,
      to: 'TRANSMITTED',
      type: 'claim.transmitted',
      source: { kind: 'transmit' },
      now: new Date(),
    });

    const first = await call('GET', `/v1/claim-batches/${batchId}`);
    const second = await call('GET', `/v1/claim-batches/${batchId}`, {
      query: { cursor: first.body.nextCursor as string },
    });

    expect(first.status).toBe(200);
    expect(claimsOf(first)).toHaveLength(100);
    expect(claimsOf(first)[0]).toMatchObject({ claimId: firstId, status: 'TRANSMITTED' });
    expect(claimsOf(first)[1]?.status).toBe('QUEUED');
    expect((first.body.acknowledgment as { x12?: string }).x12).toMatch(/^ISA\*/);
    expect(claimsOf(second)).toHaveLength(30);
    expect(claimsOf(second)[0]?.sequence).toBe(101);
    expect(second.body.nextCursor).toBeUndefined();
    expect((second.body.acknowledgment as { x12?: string }).x12).toBeUndefined();
  });

  it("answers 404 for another tenant's batch and for an unknown id", async () => {
    const posted = await upload(uniqueFile([batchClaim('PCN-MINE')]));

    const other = await call('GET', `/v1/claim-batches/${posted.body.batchId as string}`, {
      tenantId: 'tn_other',
    });
    const unknown = await call('GET', '/v1/claim-batches/bat_unknown');

    expect(other.status).toBe(404);
    expect(unknown.status).toBe(404);
  });

  it('refuses a cursor it did not issue', async () => {
    const posted = await upload(uniqueFile([batchClaim('PCN-CURSOR')]));

    const answer = await call('GET', `/v1/claim-batches/${posted.body.batchId as string}`, {
      query: { cursor: 'bm90LWEtY3Vyc29y' },
    });

    expect(answer.status).toBe(400);
  });
});

describe('batch intake reliability', () => {
  function dependencies(overrides: Partial<BatchIntakeDependencies> = {}): BatchIntakeDependencies {
    return {
      claims,
      queue,
      now: () => new Date(),
      batches: new BatchRepository({
        documents: test.clients.documents,
        tableName: test.tableName,
      }),
      archive: new S3BatchArchive({ s3, bucket: config.ARCHIVE_BUCKET ?? '' }),
      controlNumbers: new CountedControlNumbers(
        new DynamoControlNumberCounter({
          documents: test.clients.documents,
          tableName: test.tableName,
        }),
      ),
      notifier: { publish: () => Promise.resolve() },
      ...overrides,
    };
  }

  it('resumes a batch whose request failed midway: a repeat finds the stored claims and finishes it', async () => {
    const content = uniqueFile([batchClaim('PCN-R1'), batchClaim('PCN-R2')]);
    const failing = dependencies({
      notifier: { publish: () => Promise.reject(new Error('notify queue unavailable')) },
    });

    await expect(submitBatch(failing, { tenantId: 'tn_bat', content })).rejects.toThrow(
      'notify queue unavailable',
    );
    const resumed = await submitBatch(dependencies(), { tenantId: 'tn_bat', content });
    const answer = await call('GET', `/v1/claim-batches/${resumed.batchId}`);

    expect(resumed.processed).toBe(true);
    expect(answer.body).toMatchObject({
      status: 'ACCEPTED',
      counts: { claims: { received: 2, accepted: 2, rejected: 0 } },
    });
    const batches = new BatchRepository({
      documents: test.clients.documents,
      tableName: test.tableName,
    });
    expect((await batches.get('tn_bat', resumed.batchId))?.attempts).toBe(2);
    for (const view of claimsOf(answer)) {
      const record = await claims.get('tn_bat', view.claimId ?? '');
      expect(record.history.filter((event) => event.type === 'claim.received')).toHaveLength(1);
    }
  });

  it('answers 409 with Retry-After while the same file is still being processed', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const gated = createApplication(config, {
      clients: test.clients,
      queue: {
        async enqueue() {
          await gate;
        },
      },
    });
    const file = uniqueFile([batchClaim('PCN-GATE')]);
    const post = (): Promise<{ statusCode: number; headers: Readonly<Record<string, string>> }> =>
      gated.handle({
        method: 'POST',
        path: '/v1/claim-batches',
        headers: { 'content-type': 'application/edi-x12' },
        query: {},
        body: file,
        requestId: 'req-' + randomUUID(),
        baseUrl: '',
        tenantId: 'tn_bat',
      });

    const first = post();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const second = await post();
    release();

    expect(second.statusCode).toBe(409);
    expect(Number(second.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect((await first).statusCode).toBe(202);
  });
});
