import { describe, expect, it } from 'vitest';
import {
  decideNoResponse,
  followUpAfterStatus,
  workItemFor,
} from '#shared/domain/follow-up/work-item';
import { claimRecord } from '../claim-record-fixture.ts';

const at = '2026-11-23T07:00:00.000Z';

describe('workItemFor', () => {
  it('carries the assignee and the notes over to the next queue', () => {
    const claim = claimRecord({
      followUp: {
        queue: 'NO_RESPONSE',
        status: 'TRANSMITTED',
        enteredAt: '2026-11-20T00:00:00.000Z',
        amountAtStakeCents: 25000,
        action: 'check status with the payer',
        codes: [],
        assignee: 'ana',
        notes: [{ at: '2026-11-21T00:00:00.000Z', text: 'called' }],
      },
    });
    expect(workItemFor(claim, 'DENIALS', 'DENIED', [], undefined, at)).toEqual({
      queue: 'DENIALS',
      status: 'DENIED',
      enteredAt: at,
      amountAtStakeCents: 25000,
      action: 'appeal',
      codes: [],
      assignee: 'ana',
      notes: [{ at: '2026-11-21T00:00:00.000Z', text: 'called' }],
    });
  });
});

describe('followUpAfterStatus', () => {
  it('sets a work item for a status with a queue and removes it for one without', () => {
    const claim = claimRecord();
    expect(followUpAfterStatus(claim, 'REJECTED', [], undefined, at)).toMatchObject({
      change: 'set',
      followUp: { queue: 'REJECTIONS', status: 'REJECTED', action: 'correct and resubmit' },
    });
    expect(followUpAfterStatus(claim, 'ACCEPTED', [], undefined, at)).toEqual({
      change: 'remove',
    });
  });
});

describe('decideNoResponse', () => {
  it('gives the claim a NO_RESPONSE item for its current status, the whole charge at stake', () => {
    expect(decideNoResponse(claimRecord({ status: 'ACCEPTED' }), new Date(at))).toEqual({
      queue: 'NO_RESPONSE',
      status: 'ACCEPTED',
      enteredAt: at,
      amountAtStakeCents: 25000,
      action: 'check status with the payer',
      codes: [],
    });
  });
});
