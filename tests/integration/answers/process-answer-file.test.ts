import { beforeAll, describe, expect, it } from 'vitest';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { answerFileKey } from '#shared/storage/dynamodb/keys';
import { provisionTestResources, type TestResources } from '../../support/local-resources.ts';
import {
  adjustment,
  claim277,
  claim835,
  deductibleLine835,
  file277ca,
  file835,
  file999,
  line835,
  status,
  ta1File,
} from './answer-builders.ts';
import { AnswerHarness } from './answer-harness.ts';

let test: TestResources;

beforeAll(async () => {
  test = await provisionTestResources();
});

const harness = () => new AnswerHarness(test);

describe('processAnswerFile: TA1 and 999', () => {
  it('rejects every claim of the interchange a TA1 R names (by ISA13) and notifies each', async () => {
    const h = harness();
    const first = await h.transmittedClaim({ patientControlNumber: 'TA1R-1' });
    const second = await h.transmittedClaim({ patientControlNumber: 'TA1R-2' });
    h.sent('000000101', '101', [first, second]);

    const result = await h.process(ta1File('000000101', 'R', '024'));

    expect(result.outcome).toBe('processed');
    expect(await h.status(first)).toBe('REJECTED');
    expect(await h.status(second)).toBe('REJECTED');
    const read = await h.claims.get(h.tenantId, first.claimId);
    expect(read.history.at(-1)).toMatchObject({
      type: 'claim.rejected',
      source: { kind: 'ta1', rawFileKey: expect.stringContaining('inbound/') as string },
      codes: [
        { type: 'TA104', code: 'R' },
        { type: 'TA105', code: '024' },
      ],
    });
    const notes = await h.notifications();
    expect(notes.map((n) => [n.claimId, n.type]).sort()).toEqual(
      [
        [first.claimId, 'claim.rejected'],
        [second.claimId, 'claim.rejected'],
      ].sort(),
    );
  });

  it('acknowledges the claims of an accepted ST and rejects those of an IK5 R, by GS06 and ST02', async () => {
    const h = harness();
    const accepted = await h.transmittedClaim({ patientControlNumber: '999-A' });
    const rejected = await h.transmittedClaim({ patientControlNumber: '999-R' });
    h.sent('000000102', '102', [accepted, rejected]);

    await h.process(
      file999([
        {
          functionalIdCode: 'HC',
          controlNumber: '102',
          version: '005010X222A1',
          transactionSets: [
            { transactionSetId: '837', controlNumber: '0001', problems: [] },
            {
              transactionSetId: '837',
              controlNumber: '0002',
              problems: [
                {
                  segmentId: 'CLM',
                  position: 22,
                  loopId: '2300',
                  code: '8',
                  elementErrors: [{ position: 2, code: '7', badValue: 'SECRET' }],
                },
              ],
            },
          ],
        },
      ]),
    );

    expect(await h.status(accepted)).toBe('ACKNOWLEDGED');
    expect(await h.status(rejected)).toBe('REJECTED');
    const event = (await h.claims.get(h.tenantId, rejected.claimId)).history.at(-1);
    expect(event?.codes).toEqual(
      expect.arrayContaining([
        { type: 'IK501', code: 'R' },
        { type: 'IK304', code: '8', group: 'CLM@22' },
        { type: 'IK403', code: '7', group: 'CLM02' },
      ]),
    );
    expect(JSON.stringify(event)).not.toContain('SECRET');
    expect(await h.notifications()).toHaveLength(2);
  });

  it('rejects every claim of a group whose AK9 is R, listed in an AK2 or not', async () => {
    const h = harness();
    const listed = await h.transmittedClaim({ patientControlNumber: 'AK9-1' });
    const unlisted = await h.transmittedClaim({ patientControlNumber: 'AK9-2' });
    h.sent('000000103', '103', [listed, unlisted]);

    await h.process(
      file999([
        {
          functionalIdCode: 'HC',
          controlNumber: '103',
          version: '005010X222A1',
          groupErrorCodes: ['5'],
          transactionSets: [{ transactionSetId: '837', controlNumber: '0001', problems: [] }],
        },
      ]),
    );

    expect(await h.status(listed)).toBe('REJECTED');
    expect(await h.status(unlisted)).toBe('REJECTED');
    await h.notifications();
  });

  it('records a TA1 for an interchange we never sent as unmatched, changing no claim', async () => {
    const h = harness();
    const claim = await h.transmittedClaim({ patientControlNumber: 'TA1-U' });

    await h.process(ta1File('000000999', 'A'));

    expect(await h.status(claim)).toBe('TRANSMITTED');
    expect(await h.answers.listUnmatched(h.tenantId)).toEqual([
      expect.objectContaining({
        document: 'TA1',
        reason: 'unknown-interchange',
        identifiers: { isa13: '000000999' },
      }),
    ]);
  });
});

describe('processAnswerFile: 277CA', () => {
  it('accepts a claim found by our trace id (REF*D9) and keeps the payer claim number (REF*1K)', async () => {
    const h = harness();
    const claim = await h.transmittedClaim({ patientControlNumber: 'D9-1' });

    await h.process(
      file277ca({
        batchTrace: '000000201',
        claims: [
          claim277({
            patientControlNumber: 'TRUNCATED',
            chargeAmount: '100.00',
            category: 'A2',
            traceId: claim.claimId,
            payerClaimControlNumber: 'PCC-1',
          }),
        ],
      }),
    );

    const read = await h.claims.get(h.tenantId, claim.claimId);
    expect(read.status).toBe('ACCEPTED');
    expect(read.payerAnswer?.payerClaimControlNumber).toBe('PCC-1');
    expect(read.history.at(-1)?.codes).toEqual([{ type: 'STC', code: 'A2:20' }]);
    await h.notifications();
  });

  it('rejects (A7) a claim found by patient control number, payer and charge', async () => {
    const h = harness();
    const other = await h.transmittedClaim({
      patientControlNumber: 'PCN-7',
      chargeAmount: '55.00',
    });
    const claim = await h.transmittedClaim({
      patientControlNumber: 'PCN-7',
      chargeAmount: '100.00',
    });

    await h.process(
      file277ca({
        batchTrace: '000000202',
        claims: [
          claim277({
            patientControlNumber: 'PCN-7',
            chargeAmount: '100.00',
            category: 'A7',
            statusCode: '21',
          }),
        ],
      }),
    );

    expect(await h.status(claim)).toBe('REJECTED');
    expect(await h.status(other)).toBe('TRANSMITTED');
    await h.notifications();
  });

  it('pends a claim on a P-category status', async () => {
    const h = harness();
    const claim = await h.transmittedClaim({ patientControlNumber: 'PEND-1' });

    await h.process(
      file277ca({
        batchTrace: '000000203',
        claims: [
          claim277({ patientControlNumber: 'PEND-1', chargeAmount: '100.00', category: 'P1' }),
        ],
      }),
    );

    expect(await h.status(claim)).toBe('PENDED');
    expect((await h.notifications()).map((n) => n.type)).toEqual(['claim.pended']);
  });

  it('fans a receiver-level rejection (2000B STC A3, no claim loops) out to every claim of the batch', async () => {
    const h = harness();
    const first = await h.transmittedClaim({ patientControlNumber: 'FAN-1' });
    const second = await h.transmittedClaim({ patientControlNumber: 'FAN-2' });
    const elsewhere = await h.transmittedClaim({ patientControlNumber: 'FAN-3' });
    h.sent('000000204', '204', [first, second]);
    h.sent('000000205', '205', [elsewhere]);

    await h.process(
      file277ca({ batchTrace: '000000204', receiverStatuses: [status('A3', '24')], claims: [] }),
    );

    expect(await h.status(first)).toBe('REJECTED');
    expect(await h.status(second)).toBe('REJECTED');
    expect(await h.status(elsewhere)).toBe('TRANSMITTED');
    expect(await h.notifications()).toHaveLength(2);
  });

  it("fans a provider-level rejection (2000C STC A8) out to that billing provider's claims only", async () => {
    const h = harness();
    const claim = await h.transmittedClaim({ patientControlNumber: 'PROV-1' });
    h.sent('000000206', '206', [claim]);

    await h.process(
      file277ca({
        batchTrace: '000000206',
        providerNpi: '1999999992',
        providerStatuses: [status('A8', '562')],
        claims: [],
      }),
    );
    expect(await h.status(claim)).toBe('TRANSMITTED');

    await h.process(
      file277ca({
        batchTrace: '000000206',
        providerNpi: '1234567893', // the fixture's billing provider
        providerStatuses: [status('A8', '562')],
        claims: [],
      }),
    );
    expect(await h.status(claim)).toBe('REJECTED');
    await h.notifications();
  });

  it('puts two claims with the same patient control number, payer and charge in unmatched as ambiguous', async () => {
    const h = harness();
    const one = await h.transmittedClaim({ patientControlNumber: 'TWIN' });
    const two = await h.transmittedClaim({ patientControlNumber: 'TWIN' });

    await h.process(
      file277ca({
        batchTrace: '000000207',
        claims: [
          claim277({ patientControlNumber: 'TWIN', chargeAmount: '100.00', category: 'A2' }),
          claim277({ patientControlNumber: 'NOBODY', chargeAmount: '100.00', category: 'A2' }),
        ],
      }),
    );

    expect(await h.status(one)).toBe('TRANSMITTED');
    expect(await h.status(two)).toBe('TRANSMITTED');
    const unmatched = await h.answers.listUnmatched(h.tenantId);
    expect(unmatched.map((u) => [u.document, u.reason, u.candidates]).sort()).toEqual([
      ['277CA', 'ambiguous', 2],
      ['277CA', 'unknown-claim', 0],
    ]);
    expect(unmatched.find((u) => u.reason === 'ambiguous')).toMatchObject({
      indicatedStatus: 'ACCEPTED',
      identifiers: { patientControlNumber: 'TWIN', payerId: '87726', chargeAmount: '100.00' },
    });
  });
});

describe('processAnswerFile: 835 outcomes (docs/ARCHITECTURE.md section 3)', () => {
  it('marks PAID, PAID with a deductible, PARTIALLY_PAID, DENIED CO-50 and DENIED CO-16 (CLP02 4)', async () => {
    const h = harness();
    const paid = await h.transmittedClaim({ patientControlNumber: 'O-PAID' });
    const deductible = await h.transmittedClaim({ patientControlNumber: 'O-DED' });
    const partial = await h.transmittedClaim({ patientControlNumber: 'O-PART' });
    const denied50 = await h.transmittedClaim({ patientControlNumber: 'O-CO50' });
    const denied16 = await h.transmittedClaim({ patientControlNumber: 'O-CO16' });

    await h.process(
      file835([
        claim835({
          patientControlNumber: 'O-PAID',
          charge: '100.00',
          paid: '80.00',
          payerClaimControlNumber: 'P1',
          lines: [line835('100.00', '80.00', [adjustment('CO', '45', '20.00')])],
        }),
        claim835({
          patientControlNumber: 'O-DED',
          charge: '100.00',
          paid: '0.00',
          patientResponsibility: '70.00',
          lines: [deductibleLine835()],
        }),
        claim835({
          patientControlNumber: 'O-PART',
          charge: '100.00',
          paid: '40.00',
          lines: [
            line835('50.00', '40.00', [adjustment('CO', '45', '10.00')]),
            line835('50.00', '0.00', [adjustment('CO', '96', '50.00')], ['N130']),
          ],
        }),
        claim835({
          patientControlNumber: 'O-CO50',
          charge: '100.00',
          paid: '0.00',
          lines: [line835('100.00', '0.00', [adjustment('CO', '50', '100.00')], ['N115'])],
        }),
        claim835({
          patientControlNumber: 'O-CO16',
          statusCode: '4',
          charge: '100.00',
          paid: '0.00',
          adjustments: [adjustment('CO', '16', '100.00')],
          remarkCodes: ['MA130'],
        }),
      ]),
    );

    expect(await h.status(paid)).toBe('PAID');
    expect(await h.status(deductible)).toBe('PAID');
    expect(await h.status(partial)).toBe('PARTIALLY_PAID');
    expect(await h.status(denied50)).toBe('DENIED');
    expect(await h.status(denied16)).toBe('DENIED');

    const paidRead = await h.claims.get(h.tenantId, paid.claimId);
    expect(paidRead.payerAnswer).toMatchObject({
      payerClaimControlNumber: 'P1',
      paidAmount: '80.00',
      patientResponsibilityAmount: '0.00',
    });
    const [details] = await h.answers.listRemittances(h.tenantId, partial.claimId);
    expect(details?.serviceLines[1]).toMatchObject({
      paidAmount: '0.00',
      adjustments: [{ group: 'CO', reason: '96', amount: '50.00' }],
      remarkCodes: ['N130'],
    });
    const deniedRead = await h.claims.get(h.tenantId, denied16.claimId);
    expect(deniedRead.history.at(-1)?.codes).toEqual([
      { type: 'CLP02', code: '4' },
      { type: 'CARC', code: '16', group: 'CO' },
      { type: 'RARC', code: 'MA130' },
    ]);
    const notes = await h.notifications();
    expect(notes.map((n) => n.type).sort()).toEqual(
      ['claim.denied', 'claim.denied', 'claim.paid', 'claim.paid', 'claim.partially_paid'].sort(),
    );
  });

  it('applies a reversal and then its correction (matched by the payer claim number) as two outcomes', async () => {
    const h = harness();
    const claim = await h.transmittedClaim({ patientControlNumber: 'REV-1' });
    await h.process(
      file835([
        claim835({
          patientControlNumber: 'REV-1',
          charge: '100.00',
          paid: '100.00',
          payerClaimControlNumber: 'PCC-R',
        }),
      ]),
    );
    expect(await h.status(claim)).toBe('PAID');

    await h.process(
      file835([
        claim835({
          patientControlNumber: 'REV-1',
          statusCode: '22',
          charge: '-100.00',
          paid: '-100.00',
          payerClaimControlNumber: 'PCC-R',
        }),
        // the corrected claim: another charge, found by CLP01 and the payer claim number
        claim835({
          patientControlNumber: 'REV-1',
          charge: '90.00',
          paid: '90.00',
          payerClaimControlNumber: 'PCC-R',
        }),
      ]),
    );

    const read = await h.claims.get(h.tenantId, claim.claimId);
    expect(read.status).toBe('PAID');
    expect(read.history.slice(-3).map((event) => event.status)).toEqual([
      'PAID',
      'REVERSED',
      'PAID',
    ]);
    expect(read.payerAnswer?.paidAmount).toBe('90.00');
    expect(await h.answers.listRemittances(h.tenantId, claim.claimId)).toHaveLength(3);
    expect((await h.notifications()).map((n) => n.type)).toEqual([
      'claim.paid',
      'claim.reversed',
      'claim.paid',
    ]);
  });

  it('keeps PAID when the 277CA arrives after the 835, recording it in the history', async () => {
    const h = harness();
    const claim = await h.transmittedClaim({ patientControlNumber: 'LATE-1' });
    await h.process(
      file835([claim835({ patientControlNumber: 'LATE-1', charge: '100.00', paid: '100.00' })]),
    );

    await h.process(
      file277ca({
        batchTrace: '000000301',
        claims: [
          claim277({
            patientControlNumber: 'LATE-1',
            chargeAmount: '100.00',
            category: 'A2',
            payerClaimControlNumber: 'LATE-PCC',
          }),
        ],
      }),
    );

    const read = await h.claims.get(h.tenantId, claim.claimId);
    expect(read.status).toBe('PAID');
    expect(read.history.at(-1)).toMatchObject({
      type: 'claim.answer_recorded',
      status: 'PAID',
      previousStatus: 'PAID',
      indicatedStatus: 'ACCEPTED',
      source: { kind: '277ca' },
    });
    // a late answer fills what is unknown, never overwrites
    expect(read.payerAnswer?.payerClaimControlNumber).toBe('LATE-PCC');
    expect((await h.notifications()).map((n) => n.type)).toEqual(['claim.paid']);
  });

  it('records an 835 claim with an unknown patient control number as unmatched', async () => {
    const h = harness();
    await h.process(
      file835([claim835({ patientControlNumber: 'NOPE', charge: '10.00', paid: '10.00' })]),
    );
    expect(await h.answers.listUnmatched(h.tenantId)).toEqual([
      expect.objectContaining({
        document: '835',
        reason: 'unknown-claim',
        indicatedStatus: 'PAID',
      }),
    ]);
  });
});

describe('processAnswerFile: idempotency and bad files', () => {
  it('changes nothing when the same file comes twice, or when every file is replayed', async () => {
    const h = harness();
    const claim = await h.transmittedClaim({ patientControlNumber: 'IDEM-1' });
    h.sent('000000401', '401', [claim]);
    const files = [
      ta1File('000000401', 'A'),
      file277ca({
        batchTrace: '000000401',
        claims: [
          claim277({ patientControlNumber: 'IDEM-1', chargeAmount: '100.00', category: 'A2' }),
        ],
      }),
      file835([claim835({ patientControlNumber: 'IDEM-1', charge: '100.00', paid: '100.00' })]),
    ];
    for (const content of files) await h.process(content);
    const before = await h.claims.get(h.tenantId, claim.claimId);
    expect(before.status).toBe('PAID');
    expect(await h.notifications()).toHaveLength(3);

    const again = await Promise.all(files.map((content) => h.process(content)));

    expect(again.map((result) => result.outcome)).toEqual(['duplicate', 'duplicate', 'duplicate']);
    expect(await h.claims.get(h.tenantId, claim.claimId)).toEqual(before);
    expect(await h.notifications()).toEqual([]);
  });

  it('applies no answer twice to a claim when a file left PROCESSING (a worker died) is resumed', async () => {
    const h = harness();
    const claim = await h.transmittedClaim({ patientControlNumber: 'RESUME-1' });
    const content = file835([
      claim835({ patientControlNumber: 'RESUME-1', charge: '100.00', paid: '100.00' }),
    ]);
    const first = await h.process(content);
    expect(first.outcome).toBe('processed');
    const before = await h.claims.get(h.tenantId, claim.claimId);
    await h.notifications();
    const hash = (await h.answers.listRemittances(h.tenantId, claim.claimId))[0]?.answerId;
    expect(hash).toBeDefined();
    // as if the worker had died before marking the file DONE
    const { createHash } = await import('node:crypto');
    const sha = createHash('sha256').update(content).digest('hex');
    await test.clients.documents.send(
      new UpdateCommand({
        TableName: test.tableName,
        Key: answerFileKey(h.tenantId, sha),
        UpdateExpression: 'SET #state = :processing',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':processing': 'PROCESSING' },
      }),
    );

    const resumed = await h.process(content);

    expect(resumed).toMatchObject({
      outcome: 'processed',
      resumed: true,
      counts: { alreadyApplied: 1, statusChanges: 0 },
    });
    expect(await h.claims.get(h.tenantId, claim.claimId)).toEqual(before);
    // the status change is sent again with the same id, in case the first run died before sending
    expect((await h.notifications()).map((n) => n.id)).toEqual([
      `${claim.claimId}:${before.revision}`,
    ]);
  });

  it('parks a malformed file (recorded with where it broke) and goes on with the next file', async () => {
    const h = harness();
    const claim = await h.transmittedClaim({ patientControlNumber: 'BAD-1' });
    const good = file835([
      claim835({ patientControlNumber: 'BAD-1', charge: '100.00', paid: '100.00' }),
    ]);
    const truncated = good.slice(0, good.indexOf('CLP') + 20);

    const parked = await h.process(truncated);
    const next = await h.process(good);

    expect(parked).toMatchObject({ outcome: 'parked', problem: { code: 'TRUNCATED' } });
    const { createHash } = await import('node:crypto');
    const sha = createHash('sha256').update(truncated).digest('hex');
    expect(await h.answers.getFile(h.tenantId, sha)).toMatchObject({
      state: 'PARKED',
      problem: { code: 'TRUNCATED' },
    });
    expect(await h.process(truncated)).toEqual({ outcome: 'duplicate', state: 'PARKED' });
    expect(next.outcome).toBe('processed');
    expect(await h.status(claim)).toBe('PAID');
    await h.notifications();
  });
});
