// Local EventBridge schedules: a timer that invokes a handler with the ScheduledEvent a
// rate(...) rule sends. Unlike EventBridge, runs of one schedule never overlap: a tick that
// finds the previous run still going is skipped, which is what the sweeper and poller want anyway.
import { randomUUID } from 'node:crypto';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { createLambdaContext, LOCAL_ACCOUNT_ID } from './lambda-context.ts';

/** The scheduled handler, async as the nodejs24.x runtime requires. */
export type ScheduledHandler = (
  event: ScheduledEvent<Record<string, never>>,
  context: Context,
) => Promise<unknown>;

export interface ScheduleOptions {
  /** the rule's name, in the event's resources and the logs */
  readonly name: string;
  readonly everyMs: number;
  readonly handler: ScheduledHandler;
  /** also run once right away; default false (EventBridge waits for the first period) */
  readonly runAtStart?: boolean;
  /** default AWS_REGION or us-east-1 */
  readonly region?: string;
  /** in the Lambda context; default the schedule's name */
  readonly functionName?: string;
  /** the context's deadline; default 60 s */
  readonly timeoutMs?: number;
  /** errors only, without payloads; default console */
  readonly logger?: Pick<Console, 'info' | 'error'>;
}

export interface Schedule {
  /** Runs the handler now (after a run in progress, never beside it); resolves when it is done. */
  runNow(): Promise<void>;
  /** Stops the timer and waits for a run in progress. */
  stop(): Promise<void>;
}

export function startSchedule(options: ScheduleOptions): Schedule {
  if (!(Number.isFinite(options.everyMs) && options.everyMs > 0)) {
    throw new Error(`everyMs must be a positive number, got ${options.everyMs}`);
  }
  const region = options.region ?? process.env.AWS_REGION ?? 'us-east-1';
  const functionName = options.functionName ?? options.name;
  const logger = options.logger ?? console;
  let running: Promise<void> | undefined;
  let stopped = false;

  async function run(): Promise<void> {
    const context = createLambdaContext({
      functionName,
      region,
      timeoutMs: options.timeoutMs ?? 60_000,
    });
    try {
      await options.handler(scheduledEvent(options.name, region), context);
    } catch (error) {
      logger.error('scheduled run failed', {
        schedule: options.name,
        awsRequestId: context.awsRequestId,
        error:
          error instanceof Error
            ? { name: error.name, message: error.message, stack: error.stack }
            : { name: typeof error },
      });
    }
  }

  function begin(): Promise<void> {
    const current = run().finally(() => {
      if (running === current) running = undefined;
    });
    running = current;
    return current;
  }

  const timer = setInterval(() => {
    if (stopped || running !== undefined) return;
    void begin();
  }, options.everyMs);
  if (options.runAtStart === true) void begin();

  return {
    async runNow() {
      while (running !== undefined) await running;
      if (stopped) return;
      await begin();
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      while (running !== undefined) await running;
    },
  };
}

/** The event an EventBridge rate rule sends (time to the second, as EventBridge writes it). */
export function scheduledEvent(
  ruleName: string,
  region: string,
  now = new Date(),
): ScheduledEvent<Record<string, never>> {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: LOCAL_ACCOUNT_ID,
    time: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region,
    resources: [`arn:aws:events:${region}:${LOCAL_ACCOUNT_ID}:rule/${ruleName}`],
    detail: {},
  };
}
