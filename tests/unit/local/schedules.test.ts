import { afterEach, describe, expect, it } from 'vitest';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { startSchedule, type Schedule } from '#infra/local/schedules';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Polls rather than sleeping a fixed time, so a busy machine slows the test instead of failing it.
async function waitUntil(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(5);
  }
}

const schedules: Schedule[] = [];
afterEach(async () => {
  await Promise.all(schedules.splice(0).map((schedule) => schedule.stop()));
});

function recordingLogger() {
  const errors: unknown[][] = [];
  return {
    errors,
    logger: { info: () => undefined, error: (...args: unknown[]) => errors.push(args) },
  };
}

describe('startSchedule', () => {
  it('invokes the handler with an EventBridge Scheduled Event and a Lambda context', async () => {
    const calls: [ScheduledEvent, Context][] = [];
    const schedule = startSchedule({
      name: 'requeue-sweeper',
      everyMs: 20,
      region: 'us-west-2',
      handler: (event, context) => {
        calls.push([event, context]);
        return Promise.resolve();
      },
    });
    schedules.push(schedule);

    await waitUntil(() => calls.length >= 2);

    const [event, context] = calls[0] ?? [];
    expect(event).toMatchObject({
      version: '0',
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      region: 'us-west-2',
      resources: ['arn:aws:events:us-west-2:000000000000:rule/requeue-sweeper'],
      detail: {},
    });
    expect(event?.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(Math.abs(Date.parse(event?.time ?? '') - Date.now())).toBeLessThan(5000);
    expect(event?.id).not.toBe(calls[1]?.[0].id);
    expect(context?.functionName).toBe('requeue-sweeper');
    expect(context?.getRemainingTimeInMillis()).toBeGreaterThan(0);
  });

  it('never runs the same schedule twice at once', async () => {
    let active = 0;
    let maxActive = 0;
    let runs = 0;
    const schedule = startSchedule({
      name: 'slow',
      everyMs: 10,
      runAtStart: true,
      handler: async () => {
        active += 1;
        runs += 1;
        maxActive = Math.max(maxActive, active);
        await sleep(60);
        active -= 1;
      },
    });
    schedules.push(schedule);

    await waitUntil(() => runs >= 3);
    await schedule.stop();

    expect(maxActive).toBe(1);
  });

  it('waits for the first period unless runAtStart is set', async () => {
    let lateRuns = 0;
    let earlyRuns = 0;
    schedules.push(
      startSchedule({
        name: 'late',
        everyMs: 10_000,
        handler: () => Promise.resolve(void (lateRuns += 1)),
      }),
      startSchedule({
        name: 'early',
        everyMs: 10_000,
        runAtStart: true,
        handler: () => Promise.resolve(void (earlyRuns += 1)),
      }),
    );

    await sleep(30);

    expect(lateRuns).toBe(0);
    expect(earlyRuns).toBe(1);
  });

  it('logs a failed run without the event and keeps the schedule going', async () => {
    const { errors, logger } = recordingLogger();
    let runs = 0;
    const schedule = startSchedule({
      name: 'flaky',
      everyMs: 15,
      logger,
      handler: () => {
        runs += 1;
        return runs === 1 ? Promise.reject(new Error('poll failed')) : Promise.resolve();
      },
    });
    schedules.push(schedule);

    await waitUntil(() => runs >= 2);

    expect(errors).toHaveLength(1);
    const [message, fields] = errors[0] ?? [];
    expect(message).toBe('scheduled run failed');
    expect(Object.keys(fields as object).sort()).toEqual(['awsRequestId', 'error', 'schedule']);
    expect(JSON.stringify(fields)).toContain('poll failed');
  });

  it('stop() waits for a run in progress and no run starts after it', async () => {
    let finished = false;
    let runs = 0;
    const schedule = startSchedule({
      name: 'stopping',
      everyMs: 10,
      runAtStart: true,
      handler: async () => {
        runs += 1;
        await sleep(80);
        finished = true;
      },
    });
    await waitUntil(() => runs === 1);

    await schedule.stop();
    const runsAtStop = runs;
    await sleep(50);

    expect(finished).toBe(true);
    expect(runs).toBe(runsAtStop);
  });

  it('runNow() runs after a run in progress, never beside it', async () => {
    let active = 0;
    let maxActive = 0;
    let runs = 0;
    const schedule = startSchedule({
      name: 'manual',
      everyMs: 60_000,
      runAtStart: true,
      handler: async () => {
        active += 1;
        runs += 1;
        maxActive = Math.max(maxActive, active);
        await sleep(40);
        active -= 1;
      },
    });
    schedules.push(schedule);

    await schedule.runNow();

    expect(runs).toBe(2);
    expect(maxActive).toBe(1);
  });
});
