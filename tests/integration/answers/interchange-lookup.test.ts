import { describe, expect, it } from 'vitest';
import { RecordedInterchangeLookup } from '#shared/answers/interchange-lookup';
import type { PayerConnection } from '#shared/domain/payers/payer-connection';
import { partiesId } from '#shared/transmission/control-numbers';
import { transmitClaims } from '#shared/transmission/transmit-claims';
import { parseInterchange } from '../transmission/parsed-interchange.ts';
import {
  firstDeliveries,
  harnessPerFile,
  newTenantId,
  tenantWithClaims,
  testConnection,
} from '../transmission/transmit-harness.ts';

const harness = harnessPerFile();

/** Claims sent by the real transmit flow over a connection with a pair of its own. */
async function sentInterchange(count: number) {
  const { tenantId, connectionId, connection, claimIds } = await tenantWithClaims(harness, count, {
    prefix: 'l',
    connection: (connectionId) => ({
      interchange: {
        senderQualifier: 'ZZ',
        senderId: 'CLEARINGHOUSE',
        receiverQualifier: '30',
        receiverId: connectionId.slice(0, 15),
        applicationSenderCode: 'CLEARINGHOUSE',
        applicationReceiverCode: 'PAYER',
        submitterId: 'SUBMITTER1',
        receiverIdCode: 'RECEIVER1',
      },
    }),
  });
  const outcomes = await transmitClaims(
    { ...harness.flowDependencies(), leaseMs: 30_000, workerId: 'lookup-test' },
    firstDeliveries(tenantId, claimIds),
  );
  expect([...outcomes.values()].every((outcome) => outcome.kind === 'done')).toBe(true);
  const [fileName] = harness.payer.sends.filter((name) => name.startsWith(connectionId));
  const file = parseInterchange(harness.payer.files.get(fileName ?? '') ?? '');
  const lookup = new RecordedInterchangeLookup({
    tenantId,
    connection,
    interchanges: harness.interchanges,
  });
  // what an answer's envelope names, swapped to our side (match-claims.ts ourSide)
  const ours = { senderId: 'CLEARINGHOUSE', receiverId: connectionId.slice(0, 15) };
  return { tenantId, connection, claimIds, file, lookup, ours };
}

describe('RecordedInterchangeLookup', () => {
  it('finds an interchange the transmit worker sent by its ISA13, with each claim at its ST02', async () => {
    const { tenantId, claimIds, file, lookup, ours } = await sentInterchange(3);

    const sent = await lookup.byInterchangeControlNumber({ ...ours, isa13: file.isa13 });

    expect(sent?.tenantId).toBe(tenantId);
    expect(sent?.transactionSets.map((set) => set.claimId)).toEqual(file.claimIds);
    expect(sent?.transactionSets.map((set) => set.claimId).toSorted()).toEqual(claimIds.toSorted());
    expect(sent?.transactionSets.map((set) => set.st02)).toEqual(file.st02);
    expect(sent?.transactionSets.every((set) => set.revision >= 1)).toBe(true);
  });

  it('finds the same interchange by its GS06, with or without leading zeros', async () => {
    const { file, lookup, ours } = await sentInterchange(2);
    const gs06 = file.gs06 ?? '';

    const plain = await lookup.byGroupControlNumber({ ...ours, gs06: String(Number(gs06)) });
    const padded = await lookup.byGroupControlNumber({ ...ours, gs06: gs06.padStart(9, '0') });
    const isa13 = await lookup.byInterchangeControlNumber({
      ...ours,
      isa13: String(Number(file.isa13)),
    });

    expect(plain?.transactionSets.map((set) => set.claimId)).toEqual(file.claimIds);
    expect(padded).toEqual(plain);
    expect(isa13).toEqual(plain);
  });

  it('finds nothing for a control number we never sent, or one that is not a number', async () => {
    const { file, lookup, ours } = await sentInterchange(1);
    const next = String(Number(file.isa13) + 1000);

    expect(await lookup.byInterchangeControlNumber({ ...ours, isa13: next })).toBeUndefined();
    expect(await lookup.byGroupControlNumber({ ...ours, gs06: next })).toBeUndefined();
    expect(await lookup.byInterchangeControlNumber({ ...ours, isa13: 'BATCH-7' })).toBeUndefined();
    expect(await lookup.byGroupControlNumber({ ...ours, gs06: '0' })).toBeUndefined();
    expect(await lookup.byGroupControlNumber({ ...ours, gs06: '1234567890' })).toBeUndefined();
  });

  it('finds nothing when the answer names another sender/receiver pair than the connection', async () => {
    const { file, lookup, ours } = await sentInterchange(1);

    expect(
      await lookup.byInterchangeControlNumber({
        ...ours,
        senderId: 'SOMEONEELSE',
        isa13: file.isa13,
      }),
    ).toBeUndefined();
    expect(
      await lookup.byGroupControlNumber({
        ...ours,
        receiverId: 'OTHERPAYER',
        gs06: file.gs06 ?? '',
      }),
    ).toBeUndefined();
  });

  it("finds nothing in another tenant's records, even over a connection with the same ids", async () => {
    const { connection, file, ours } = await sentInterchange(1);
    const stranger = new RecordedInterchangeLookup({
      tenantId: newTenantId(),
      connection,
      interchanges: harness.interchanges,
    });

    expect(
      await stranger.byInterchangeControlNumber({ ...ours, isa13: file.isa13 }),
    ).toBeUndefined();
  });

  it('finds nothing for an interchange recorded but never committed (it was never uploaded)', async () => {
    const tenantId = newTenantId();
    const connection: PayerConnection = testConnection({ tenantId, connectionId: 'pending' });
    const isa13 = '000000777';
    await harness.interchanges.create({
      tenantId,
      interchangeId: `${partiesId(connection.interchange)}>${isa13}`,
      connectionId: connection.connectionId,
      kind: 'professional',
      isa13,
      gs06: '777',
      fileName: 'pending.x12',
      contentSha256: '0'.repeat(64),
      archiveKey: 'outbound/pending.x12',
      createdAt: new Date().toISOString(),
      claims: [{ claimId: 'clm_pending', revision: 2 }],
    });
    const lookup = new RecordedInterchangeLookup({
      tenantId,
      connection,
      interchanges: harness.interchanges,
    });
    const ours = {
      senderId: connection.interchange.senderId,
      receiverId: connection.interchange.receiverId,
    };

    expect(await lookup.byInterchangeControlNumber({ ...ours, isa13 })).toBeUndefined();

    await harness.interchanges.commit(tenantId, `${partiesId(connection.interchange)}>${isa13}`);
    const committed = new RecordedInterchangeLookup({
      tenantId,
      connection,
      interchanges: harness.interchanges,
    });
    // COMMITTED may have been uploaded (a send attempt whose outcome is unknown): answerable
    expect(await committed.byGroupControlNumber({ ...ours, gs06: '777' })).toEqual({
      tenantId,
      transactionSets: [{ st02: '0001', claimId: 'clm_pending', revision: 2 }],
    });
  });

  it('reads each interchange once per file however often the answer names it', async () => {
    const { file, connection, tenantId, ours } = await sentInterchange(1);
    let reads = 0;
    const lookup = new RecordedInterchangeLookup({
      tenantId,
      connection,
      interchanges: {
        get: (tenant, interchangeId) => {
          reads++;
          return harness.interchanges.get(tenant, interchangeId);
        },
      },
    });

    await Promise.all([
      lookup.byInterchangeControlNumber({ ...ours, isa13: file.isa13 }),
      lookup.byInterchangeControlNumber({ ...ours, isa13: file.isa13 }),
      lookup.byGroupControlNumber({ ...ours, gs06: file.gs06 ?? '' }),
    ]);

    expect(reads).toBe(1);
  });
});
