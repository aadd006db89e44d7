import { beforeAll, describe, expect, it } from 'vitest';
import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import { provisionTestResources, type TestResources } from '../../support/local-resources.ts';
import { newClaim } from '../../support/claims.ts';
import {
  adjustment,
  claim277,
  claim835,
  file277ca,
  file835,
  file999,
  line835,
} from './answer-builders.ts';
import { AnswerHarness } from './answer-harness.ts';

let test: TestResources;

beforeAll(async () => {
  test = await provisionTestResources();
});

describe('write units per claim through the answer path', () => {
  it('spends at most 12 write units on a rich claim from submission to PAID via 999, 277CA and 835', async () => {
    const units: ConsumedCapacity[] = [];
    const h = new AnswerHarness(test, (capacity) => units.push(capacity));
    const tenantId = h.tenantId;
    await h.claims.create(
      newClaim({ tenantId, claimId: 'clm_budget', patientControlNumber: 'BUDGET-1' }),
    );
    for (const to of ['QUEUED', 'TRANSMITTED'] as const) {
      await h.claims.transition({
        tenantId,
        claimId: 'clm_budget',
        to,
        type: `claim.${to.toLowerCase()}`,
        source: {
          kind: 'transmit',
          controlNumbers: { isa13: '000000777', gs06: '777', st02: '0001' },
        },
        now: new Date('2026-11-20T11:00:00Z'),
      });
    }
    const claim = await h.claims.get(tenantId, 'clm_budget');
    h.sent('000000777', '777', [claim]);

    await h.process(
      file999([
        {
          functionalIdCode: 'HC',
          controlNumber: '777',
          version: '005010X222A1',
          transactionSets: [{ transactionSetId: '837', controlNumber: '0001', problems: [] }],
        },
      ]),
    );
    await h.process(
      file277ca({
        batchTrace: '000000777',
        claims: [
          claim277({
            patientControlNumber: 'BUDGET-1',
            chargeAmount: '250.00',
            category: 'A2',
            traceId: 'clm_budget',
            payerClaimControlNumber: '2026112200001234',
          }),
        ],
      }),
    );
    await h.process(
      file835([
        claim835({
          patientControlNumber: 'BUDGET-1',
          charge: '250.00',
          paid: '160.00',
          patientResponsibility: '40.00',
          payerClaimControlNumber: '2026112200001234',
          lines: [
            line835(
              '150.00',
              '100.00',
              [adjustment('CO', '45', '25.00'), adjustment('PR', '2', '25.00')],
              ['N381'],
            ),
            line835('100.00', '60.00', [
              adjustment('CO', '45', '25.00'),
              adjustment('PR', '3', '15.00'),
            ]),
          ],
        }),
      ]),
    );

    expect(await h.status(claim)).toBe('PAID');
    const total = units.reduce((sum, capacity) => sum + (capacity.CapacityUnits ?? 0), 0);
    console.log(
      `write units from submission to PAID via answers: ${total} (${units.map((u) => u.CapacityUnits).join(' + ')})`,
    );
    // body, claim item, QUEUED, TRANSMITTED, ACKNOWLEDGED, ACCEPTED, PAID, remittance details
    expect(units).toHaveLength(8);
    expect(total).toBeLessThanOrEqual(12);
    await h.notifications();
  });
});
