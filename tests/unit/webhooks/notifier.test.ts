import { describe, expect, it } from 'vitest';
import {
  DELIVERY_MESSAGE_KIND,
  type DeliveryMessage,
  type DeliveryQueue,
} from '#shared/webhooks/delivery-queue';
import { delaySecondsUntil, MAX_DELAY_SECONDS } from '#shared/storage/sqs/webhook-delivery-queue';
import { batchNotificationOf, parseBatchNotification } from '#shared/webhooks/batch-notification';
import { webhookEventTypeOf } from '#shared/webhooks/event-types';
import { buildBatchPayload } from '#shared/webhooks/payload';
import { attemptDelivery, deliveryIdOf } from '#shared/webhooks/notifier';
import { totalRetrySeconds } from '#shared/webhooks/retry-schedule';
import type { WebhookRepository } from '#shared/storage/dynamodb/webhook-repository';

const now = new Date('2026-11-21T09:00:00.000Z');

const message = (dueAt: string): DeliveryMessage => ({
  kind: DELIVERY_MESSAGE_KIND,
  tenantId: 'tn_1',
  webhookId: 'wh_1',
  eventAt: '2026-11-21T08:00:00.000Z',
  notificationId: 'clm_1:5',
  attempt: 6,
  dueAt,
});

describe('webhook retries', () => {
  it('re-delays a message that arrives before its due time, at most 15 minutes per hop, without an attempt', async () => {
    const scheduled: DeliveryMessage[] = [];
    const queue: DeliveryQueue = {
      schedule: (sent) => {
        scheduled.push(sent);
        return Promise.resolve();
      },
      park: () => Promise.reject(new Error('not parked')),
    };
    const due = new Date(now.getTime() + 10 * 60 * 60 * 1000).toISOString();

    const outcome = await attemptDelivery(
      {
        // touching the repository would fail: a hop reads nothing
        webhooks: {} as WebhookRepository,
        claims: { get: () => Promise.reject(new Error('unused')) },
        queue,
        now: () => now,
        stage: 'cloud',
      },
      message(due),
    );

    expect(outcome).toBe('rescheduled');
    expect(scheduled).toEqual([message(due)]);
    expect(delaySecondsUntil(due, now)).toBe(MAX_DELAY_SECONDS);
    expect(delaySecondsUntil(new Date(now.getTime() + 42_000).toISOString(), now)).toBe(42);
    expect(delaySecondsUntil('2020-01-01T00:00:00Z', now)).toBe(0);
  });

  it('retries for at least 24 hours by default', () => {
    expect(totalRetrySeconds()).toBeGreaterThanOrEqual(24 * 60 * 60);
  });

  it('derives a webhook-id that is stable per event and subscription and differs across them', () => {
    expect(deliveryIdOf('clm_1:5', 'wh_1')).toBe(deliveryIdOf('clm_1:5', 'wh_1'));
    expect(deliveryIdOf('clm_1:5', 'wh_1')).not.toBe(deliveryIdOf('clm_1:5', 'wh_2'));
    expect(deliveryIdOf('clm_1:5', 'wh_1')).toMatch(/^msg_[0-9a-f]{32}$/);
  });
});

describe('webhook event types', () => {
  it.each([
    ['claim.transmitted', 'TRANSMITTED', 'claim.transmitted'],
    ['claim.partially_paid', 'PARTIALLY_PAID', 'claim.partially_paid'],
    ['claim.transmission_failed', 'TRANSMISSION_FAILED', 'claim.transmission_failed'],
    ['claim.no_response', 'TRANSMITTED', 'claim.no_response'],
    ['claim.answer_recorded', 'DENIED', 'claim.denied'],
    ['claim.queued', 'QUEUED', undefined],
    ['claim.received', 'RECEIVED', undefined],
  ] as const)('maps a %s message with status %s to %s', (type, status, expected) => {
    expect(webhookEventTypeOf({ type, status })).toBe(expected);
  });
});

describe('batch.acknowledged', () => {
  const notification = batchNotificationOf(
    { tenantId: 'tn_1', batchId: 'bat_1' },
    {
      status: 'PARTIALLY_ACCEPTED',
      at: '2026-11-21T09:00:00.000Z',
      acknowledgment: {
        verdict: 'P',
        groups: [{ controlNumber: '7', acknowledgment: 'P', included: 3, accepted: 2 }],
        rawFileKey: 'inbound-batches/tn_1/bat_1/999.x12',
        interchangeControlNumbers: ['000000042'],
        producedAt: '2026-11-21T09:00:00.000Z',
      },
      counts: {
        transactionSets: { received: 3, accepted: 2, rejected: 1 },
        claims: { received: 3, accepted: 2, rejected: 1 },
      },
    },
  );

  it('carries ids, counts and the 999 verdicts only, with an id stable across re-sends', () => {
    expect(buildBatchPayload(notification)).toEqual({
      type: 'batch.acknowledged',
      timestamp: '2026-11-21T09:00:00.000Z',
      data: {
        batchId: 'bat_1',
        status: 'PARTIALLY_ACCEPTED',
        acknowledgment: {
          verdict: 'P',
          groups: [{ controlNumber: '7', acknowledgment: 'P', included: 3, accepted: 2 }],
          interchangeControlNumbers: ['000000042'],
        },
        counts: {
          transactionSets: { received: 3, accepted: 2, rejected: 1 },
          claims: { received: 3, accepted: 2, rejected: 1 },
        },
      },
    });
    expect(notification.id).toBe('bat_1:acknowledged');
  });

  it('tells a refused file: REJECTED, counts, the problem without its message, the TA1 verdicts', () => {
    const refused = batchNotificationOf(
      { tenantId: 'tn_1', batchId: 'bat_2' },
      {
        status: 'REJECTED',
        at: '2026-11-21T09:05:00.000Z',
        counts: {
          transactionSets: { received: 1, accepted: 0, rejected: 1 },
          claims: { received: 2, accepted: 0, rejected: 2 },
        },
        problem: {
          code: 'CONTROL_NUMBER_MISMATCH',
          segment: 30,
          segmentId: 'IEA',
          position: 2,
          message:
            'IEA02 differs from ISA13 (an interchange defect: a TA1 answers it, a 999 cannot)',
        },
        ta1: {
          interchanges: [
            {
              acknowledgedControlNumber: '000000101',
              acknowledgment: 'R',
              noteCode: '001',
              interchangeControlNumber: '000000043',
            },
          ],
          rawFileKey: 'inbound-batches/tn_1/bat_2/ta1-000000043.x12',
          producedAt: '2026-11-21T09:05:00.000Z',
        },
      },
    );

    expect(buildBatchPayload(refused)).toEqual({
      type: 'batch.acknowledged',
      timestamp: '2026-11-21T09:05:00.000Z',
      data: {
        batchId: 'bat_2',
        status: 'REJECTED',
        counts: {
          transactionSets: { received: 1, accepted: 0, rejected: 1 },
          claims: { received: 2, accepted: 0, rejected: 2 },
        },
        problem: { code: 'CONTROL_NUMBER_MISMATCH', segment: 30, segmentId: 'IEA', position: 2 },
        ta1: {
          interchanges: [
            {
              acknowledgedControlNumber: '000000101',
              acknowledgment: 'R',
              noteCode: '001',
              interchangeControlNumber: '000000043',
            },
          ],
        },
      },
    });
    expect(refused.id).toBe('bat_2:acknowledged');
    expect(parseBatchNotification(JSON.parse(JSON.stringify(refused)))).toEqual(refused);
  });

  it('reads a batch notification back from its message, and nothing else as one', () => {
    expect(parseBatchNotification(JSON.parse(JSON.stringify(notification)))).toEqual(notification);
    expect(parseBatchNotification({ ...notification, kind: 'claim' })).toBeUndefined();
    expect(parseBatchNotification(message(now.toISOString()))).toBeUndefined();
  });
});
