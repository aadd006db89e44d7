// `npm run smoke -- --url URL --key KEY`: does this deployment (or a running `npm start`) work end
// to end? Health; a webhook subscription to a receiver started here; a sandbox claim of the
// paid-in-full scenario, followed to its final status; its timeline; its webhook, signature
// verified and its webhook-id the same on a retry (the first delivery is answered 503 on
// purpose); the subscription deleted again, also after a failure. One line per step:
// `ok <step> (<ms> ms)`, `skip <step>: <why>` or `FAIL <step>: <why>`; exit 1 at the first
// failure. Prints ids, statuses, event types and times: never the key, the secret or claim data.
import { randomBytes, randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import * as z from 'zod';
import { FINAL_STATUSES, isFinalStatus } from '#shared/domain/lifecycle/claim-status';
import { sandboxClaim } from '#infra/local/demo/sandbox-claim';
import {
  expectedWebhookTypes,
  SCENARIO_EXPECTATIONS,
  statusPath,
} from '#infra/local/demo/scenario-expectations';
import { startWebhookReceiver, type WebhookReceiver } from '#infra/local/demo/webhook-receiver';
import { isLoopback, SmokeApi } from './smoke-api.ts';

export const USAGE = `Usage: npm run smoke -- --url URL --key KEY [options]
  --url URL                  the API: API_URL of npm start, or the deployed stage URL
                             (https://ID.execute-api.REGION.amazonaws.com/prod)
  --key KEY                  an API key of the tenant to test with (or SMOKE_API_KEY)
  --timeout-seconds N        how long the claim may take to reach its final status (default 180)
  --webhook-port PORT        the port of the webhook receiver on 127.0.0.1 (default: a free one)
  --webhook-public-url URL   against a deployment: the public https URL that forwards to that port
  --allow-skip-webhook       exit 0 even when the webhook steps are skipped (no public URL)`;

const optionsSchema = z.object({
  url: z.url({ protocol: /^https?$/, error: 'an http or https URL' }),
  key: z.string({ error: 'required (--key or SMOKE_API_KEY)' }).min(1),
  timeoutSeconds: z.coerce.number().positive().max(3600).default(180),
  webhookPort: z.coerce.number().int().min(0).max(65535).default(0),
  webhookPublicUrl: z.url({ protocol: /^https?$/, error: 'an http or https URL' }).optional(),
  allowSkipWebhook: z.boolean().default(false),
});

export type SmokeOptions = z.infer<typeof optionsSchema>;

export class SmokeUsageError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(problems.join('; '));
    this.name = 'SmokeUsageError';
    this.problems = problems;
  }
}

/** The command line (and SMOKE_API_KEY), every problem listed at once; never echoes the key. */
export function parseSmokeArguments(
  args: readonly string[],
  environment: NodeJS.ProcessEnv = process.env,
): SmokeOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: false,
      options: {
        url: { type: 'string' },
        key: { type: 'string' },
        'timeout-seconds': { type: 'string' },
        'webhook-port': { type: 'string' },
        'webhook-public-url': { type: 'string' },
        'allow-skip-webhook': { type: 'boolean' },
      },
    }));
  } catch (error) {
    throw new SmokeUsageError([error instanceof Error ? error.message : String(error)]);
  }
  const parsed = optionsSchema.safeParse({
    url: values.url,
    key: values.key ?? environment.SMOKE_API_KEY,
    timeoutSeconds: values['timeout-seconds'],
    webhookPort: values['webhook-port'],
    webhookPublicUrl: values['webhook-public-url'],
    allowSkipWebhook: values['allow-skip-webhook'],
  });
  if (parsed.success) return parsed.data;
  const flags: Record<string, string> = {
    timeoutSeconds: 'timeout-seconds',
    webhookPort: 'webhook-port',
    webhookPublicUrl: 'webhook-public-url',
  };
  throw new SmokeUsageError(
    parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? '');
      return `--${flags[name] ?? name}: ${issue.message}`;
    }),
  );
}

/** The sandbox's default scenario: 999 A, 277CA A2, an 835 paying in full. */
const PAID_IN_FULL = SCENARIO_EXPECTATIONS.find((expectation) => expectation.scenario === 'PAID');
/** The webhooks of the final statuses (corrections and voids have none). */
const FINAL_EVENT_TYPES = expectedWebhookTypes(FINAL_STATUSES);
/** Waits for a person (the TRANSMISSION_ERRORS work queue): no point polling on. */
const STUCK_STATUS = 'TRANSMISSION_FAILED';
const POLL_EVERY_MS = 1_000;
/** a retry comes 5 s after a failed attempt (shared/webhooks/retry-schedule.ts) */
const WEBHOOK_WAIT_AT_LEAST_MS = 30_000;

class StepFailed extends Error {}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Followed {
  readonly status: string;
  /** the statuses seen while polling, in order */
  readonly seen: readonly string[];
  readonly eventsUrl: string;
}

/** Runs every step; answers the exit code. `print` gets one line at a time. */
export async function runSmoke(
  options: SmokeOptions,
  output: (line: string) => void,
): Promise<number> {
  // the key can only reach the output through a message we did not write: mask it anyway
  const print = (line: string) => output(line.replaceAll(options.key, '***'));
  const api = new SmokeApi(options.url, options.key);
  const step = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      const value = await run();
      print(`ok ${name} (${Math.round(performance.now() - started)} ms)`);
      return value;
    } catch (error) {
      print(`FAIL ${name}: ${error instanceof Error ? error.message : String(error)}`);
      throw new StepFailed(name);
    }
  };
  if (PAID_IN_FULL === undefined) throw new Error('the sandbox has no PAID scenario');
  const expectedFinal = PAID_IN_FULL.final;
  const webhooksReachable = options.webhookPublicUrl !== undefined || isLoopback(options.url);

  /** the receiver and the subscription's URL, once made (cleanup undoes what exists) */
  const webhook: { receiver?: WebhookReceiver; subscriptionUrl?: string } = {};
  let claimId: string | undefined;
  /** the webhook-id of the delivery answered 503, whose retry must carry the same id */
  let refusedId: string | undefined;
  let failed = false;
  try {
    await step('health', async () => {
      const { body } = await api.call('GET', '/v1/health', { expect: [200], authenticated: false });
      const checks = Object.entries((body as { checks?: Record<string, string> }).checks ?? {});
      const down = checks.filter(([, state]) => state !== 'ok').map(([name]) => name);
      if (checks.length === 0) throw new Error('GET /v1/health reported no dependency checks');
      if (down.length > 0) throw new Error(`not ok: ${down.join(', ')}`);
      print(`  ${checks.map(([name]) => name).join(', ')}: ok`);
    });

    if (webhooksReachable) {
      await step('subscribe', async () => {
        const receiver = await startWebhookReceiver({
          port: options.webhookPort,
          // the claim's first delivery is refused once: its retry must carry the same webhook-id
          answer: (delivery) => {
            if (claimId === undefined || delivery.claimId !== claimId || refusedId !== undefined)
              return 204;
            refusedId = delivery.id;
            return 503;
          },
        });
        webhook.receiver = receiver;
        const { body, headers } = await api.call('POST', '/v1/webhooks', {
          body: { url: options.webhookPublicUrl ?? receiver.url, events: FINAL_EVENT_TYPES },
          expect: [201],
        });
        const { id, secret } = body as { id?: unknown; secret?: unknown };
        if (typeof id !== 'string' || typeof secret !== 'string')
          throw new Error('the answer has no id or secret');
        webhook.subscriptionUrl = api.url(headers.get('location') ?? `/v1/webhooks/${id}`);
        receiver.setSecret(secret);
        print(
          `  ${id}: ${FINAL_EVENT_TYPES.join(', ')} to the receiver on 127.0.0.1:${new URL(receiver.url).port}`,
        );
      });
    } else {
      print(
        `skip webhook: ${new URL(options.url).host} is not this machine, so it cannot reach a ` +
          'receiver on 127.0.0.1; forward a public https URL to a port here (a tunnel) and pass ' +
          '--webhook-public-url URL --webhook-port PORT' +
          (options.allowSkipWebhook ? '' : ', or --allow-skip-webhook to accept the skip'),
      );
    }

    const submitted = await step('submit', async () => {
      const claim = await sandboxClaim(PAID_IN_FULL, randomBytes(4).toString('hex').toUpperCase());
      const { body, headers } = await api.call('POST', '/v1/claims/professional', {
        body: claim,
        headers: { 'idempotency-key': `smoke-${randomUUID()}` },
        expect: [202],
      });
      const answer = body as { claimId?: unknown; status?: unknown };
      if (typeof answer.claimId !== 'string') throw new Error('the answer has no claimId');
      claimId = answer.claimId;
      print(`  ${claimId} ${String(answer.status)} (paid-in-full sandbox scenario)`);
      return {
        status: String(answer.status),
        url: api.url(headers.get('location') ?? `/v1/claims/${claimId}`),
        at: Date.now(),
      };
    });

    const followed = await step('follow', async (): Promise<Followed> => {
      const deadline = submitted.at + options.timeoutSeconds * 1000;
      const seen = [submitted.status];
      let eventsUrl = `${submitted.url}/events`;
      for (;;) {
        const { body } = await api.call('GET', submitted.url, { expect: [200] });
        const claim = body as { status?: unknown; links?: { events?: unknown } };
        const status = String(claim.status);
        if (typeof claim.links?.events === 'string') eventsUrl = api.url(claim.links.events);
        if (status !== seen.at(-1)) {
          seen.push(status);
          print(`  ${status} after ${seconds(Date.now() - submitted.at)}`);
        }
        if (isFinalStatus(status) || status === STUCK_STATUS) {
          if (status !== expectedFinal)
            throw new Error(
              `the claim ended ${status}; the paid-in-full scenario ends ${expectedFinal}` +
                (status === STUCK_STATUS
                  ? ' (the payer connection was not reached: is there a sandbox payer or a test mailbox behind the tenant connection?)'
                  : ''),
            );
          return { status, seen, eventsUrl };
        }
        if (Date.now() > deadline)
          throw new Error(
            `no final status after ${options.timeoutSeconds} s (still ${status}; --timeout-seconds waits longer)`,
          );
        await sleep(POLL_EVERY_MS);
      }
    });

    await step('timeline', async () => {
      const { body } = await api.call('GET', followed.eventsUrl, { expect: [200] });
      const events = (body as { events?: { status: string }[] }).events ?? [];
      const path = statusPath(events);
      print(`  ${path.join(' > ')}`);
      if (path[0] !== 'RECEIVED') throw new Error(`the timeline starts at ${path[0] ?? 'nothing'}`);
      if (path.at(-1) !== followed.status)
        throw new Error(`the timeline ends at ${path.at(-1)}, the claim is ${followed.status}`);
      // what polling saw must be there, in the same order (it may have missed a quick status)
      let from = 0;
      for (const status of followed.seen) {
        const at = path.indexOf(status, from);
        if (at < 0) throw new Error(`${status} was seen but is not in the timeline in that order`);
        from = at + 1;
      }
    });

    const { receiver } = webhook;
    if (receiver !== undefined) {
      await step('webhook', async () => {
        const finalType = `claim.${followed.status.toLowerCase()}`;
        const deadline = Math.max(
          submitted.at + options.timeoutSeconds * 1000,
          Date.now() + WEBHOOK_WAIT_AT_LEAST_MS,
        );
        for (;;) {
          const { verified, attempts, failed: unverified } = receiver.forClaim(claimId ?? '');
          if (unverified > 0)
            throw new Error(
              `${unverified} delivery(ies) for the claim failed signature verification`,
            );
          const final = verified.filter((webhook) => webhook.type === finalType);
          if (final.length > 1)
            throw new Error(
              `${finalType} came again under another webhook-id (the retry must keep it)`,
            );
          const retried = attempts.filter((webhook) => webhook.id === refusedId).length;
          if (final.length === 1 && refusedId !== undefined && retried >= 2) {
            print(
              `  ${finalType} verified (standardwebhooks), webhook-id ${refusedId}: ` +
                `answered 503 once, retried with the same id`,
            );
            return;
          }
          if (Date.now() > deadline)
            throw new Error(
              final.length === 0
                ? `no ${finalType} webhook arrived`
                : `the ${finalType} webhook answered 503 was not retried`,
            );
          await sleep(250);
        }
      });
    }
  } catch (error) {
    if (!(error instanceof StepFailed)) throw error;
    failed = true;
  } finally {
    const { subscriptionUrl } = webhook;
    if (subscriptionUrl !== undefined) {
      await step('cleanup', () => api.call('DELETE', subscriptionUrl, { expect: [204] })).catch(
        () => {
          failed = true;
        },
      );
    }
    await webhook.receiver?.close();
  }
  if (failed) {
    print('FAILED');
    return 1;
  }
  if (!webhooksReachable && !options.allowSkipWebhook) {
    print('FAILED: the webhook steps were skipped (--allow-skip-webhook accepts that)');
    return 1;
  }
  print(webhooksReachable ? 'OK: every step passed' : 'OK: every step passed, webhooks skipped');
  return 0;
}

async function main(): Promise<number> {
  let options: SmokeOptions;
  try {
    options = parseSmokeArguments(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof SmokeUsageError)) throw error;
    for (const problem of error.problems) console.error(`npm run smoke: ${problem}`);
    console.error(USAGE);
    return 2;
  }
  console.log(`npm run smoke against ${options.url}`);
  return runSmoke(options, (line) => console.log(line));
}

// Run only as `npm run smoke`, not when a test imports the functions above.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error('npm run smoke failed:', error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
