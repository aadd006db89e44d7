// `npm run demo`: one claim per sandbox payer scenario through the whole system, each claim's path
// to its final status, its work queue and the signed webhooks it produced, as a table. Exits 1
// when a claim ends anywhere else than its scenario says or a webhook signature fails to verify.
// Prints claim ids, scenario names, statuses, times, queues and event types only: no PHI.
import { randomBytes } from 'node:crypto';
import * as z from 'zod';
import { WORK_QUEUES } from '#shared/domain/follow-up/work-queue-rules';
import { WEBHOOK_EVENT_TYPES } from '#shared/webhooks/event-types';
import {
  expectedWebhookTypes,
  matchedPath,
  SCENARIO_EXPECTATIONS,
  statusPath,
  type ScenarioExpectation,
} from './demo/scenario-expectations.ts';
import { sandboxClaim } from './demo/sandbox-claim.ts';
import { renderTable, wrap } from './demo/table.ts';
import { findOrStartTarget, type DemoTarget } from './demo/target.ts';
import { startWebhookReceiver, type WebhookReceiver } from './demo/webhook-receiver.ts';

const settingsSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  API_URL: z.url().optional(),
  DEMO_API_KEY: z.string().min(1).optional(),
  DEMO_TIMEOUT_SECONDS: z.coerce.number().positive().default(90),
});

interface HistoryEvent {
  readonly at: string;
  readonly status: string;
}

interface DemoClaim {
  readonly expectation: ScenarioExpectation;
  readonly claimId: string;
  events: readonly HistoryEvent[];
  status: string;
  queue: string | null;
  /** seconds after the start of the run when it reached its expected path and webhooks */
  settledAfter?: number;
}

class Api {
  readonly target: DemoTarget;
  constructor(target: DemoTarget) {
    this.target = target;
  }

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.target.apiUrl}${path}`, {
      method,
      headers: {
        'x-api-key': this.target.apiKey,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(15_000),
    });
    if (!response.ok) {
      // the problem's title and codes only: the body of a claim answer never reaches the output
      const problem = (await response.json().catch(() => ({}))) as {
        title?: string;
        errors?: { path?: string; code?: string }[];
      };
      const codes = (problem.errors ?? []).map((e) => `${e.path ?? ''} ${e.code ?? ''}`).join(', ');
      throw new Error(`${method} ${path}: ${response.status} ${problem.title ?? ''} ${codes}`);
    }
    return response.status === 204 ? (undefined as T) : ((await response.json()) as T);
  }
}

/** Each event type, as often as it was expected or received. */
function countTypes(types: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const type of types) counts.set(type, (counts.get(type) ?? 0) + 1);
  return counts;
}

function missingWebhooks(claim: DemoClaim, receiver: WebhookReceiver): string[] {
  const received = countTypes(receiver.forClaim(claim.claimId).verified.map((w) => w.type));
  const missing: string[] = [];
  for (const [type, count] of countTypes(expectedWebhookTypes(statusPath(claim.events)))) {
    for (let i = received.get(type) ?? 0; i < count; i++) missing.push(type);
  }
  return missing;
}

/**
 * The webhook of the claim's last status has arrived (as often as the path reaches it). Only the
 * last one is waited for: it is the latest to come, and an event type the system does not publish
 * yet must not hold the demo until its timeout (missing ones are noted under the table).
 */
function finalWebhookReceived(claim: DemoClaim, receiver: WebhookReceiver): boolean {
  const expected = expectedWebhookTypes(statusPath(claim.events));
  const last = expected.at(-1);
  if (last === undefined) return true;
  const received = receiver.forClaim(claim.claimId).verified.filter((w) => w.type === last);
  return received.length >= expected.filter((type) => type === last).length;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`;

async function waitForClaims(
  api: Api,
  claims: readonly DemoClaim[],
  receiver: WebhookReceiver,
  startedAt: number,
  timeoutMs: number,
): Promise<void> {
  const deadline = startedAt + timeoutMs;
  for (;;) {
    const waiting = claims.filter((claim) => claim.settledAfter === undefined);
    await Promise.all(
      waiting.map(async (claim) => {
        const history = await api.call<{ status: string; events: HistoryEvent[] }>(
          'GET',
          `/v1/claims/${claim.claimId}/events`,
        );
        claim.events = history.events;
        claim.status = history.status;
        if (
          matchedPath(claim.expectation, claim.events) !== undefined &&
          finalWebhookReceived(claim, receiver)
        ) {
          claim.settledAfter = Date.now() - startedAt;
          console.log(
            `  ${seconds(claim.settledAfter).padStart(6)}  ${claim.claimId}  ` +
              `${claim.expectation.scenario} reached ${claim.status}`,
          );
        }
      }),
    );
    if (claims.every((claim) => claim.settledAfter !== undefined)) return;
    if (Date.now() > deadline) {
      console.log(`  timed out after ${seconds(timeoutMs)}: the table shows where claims are`);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Which of our claims sits in which work queue (GET /v1/work-queues/{queue}, every page). */
async function readQueues(api: Api, claimIds: ReadonlySet<string>): Promise<Map<string, string>> {
  const queueOf = new Map<string, string>();
  for (const queue of WORK_QUEUES) {
    let cursor: string | undefined;
    // a long-running system may hold many items: enough pages for a demo, not a crawl
    for (let page = 0; page < 50; page++) {
      const query = `limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const answer = await api.call<{
        items: { kind: string; claimId?: string }[];
        nextCursor?: string;
      }>('GET', `/v1/work-queues/${queue}?${query}`);
      for (const item of answer.items) {
        if (item.claimId !== undefined && claimIds.has(item.claimId))
          queueOf.set(item.claimId, queue);
      }
      cursor = answer.nextCursor;
      if (cursor === undefined) break;
    }
  }
  return queueOf;
}

/** Enough of the id to find the claim in this run (the full ids are in the lines above). */
const shortId = (claimId: string) => claimId.slice(0, 12);

function statusPathCell(claim: DemoClaim): string[] {
  const first = claim.events[0];
  if (first === undefined) return ['(no history)'];
  const zero = Date.parse(first.at);
  const steps = claim.events
    .filter((event, i, all) => event.status !== all[i - 1]?.status)
    .map((event) => `${event.status} ${seconds(Date.parse(event.at) - zero)}`);
  return wrap(steps, ' > ', 48);
}

function webhooksCell(claim: DemoClaim, receiver: WebhookReceiver): string[] {
  const { verified, failed } = receiver.forClaim(claim.claimId);
  // in the order the statuses changed (deliveries may arrive out of order)
  const types = [...verified]
    .sort((a, b) => (a.timestamp ?? '').localeCompare(b.timestamp ?? ''))
    .map((webhook) => webhook.type.replace(/^claim\./, ''));
  const head = `${verified.length} verified${failed > 0 ? `, ${failed} FAILED` : ''}:`;
  return wrap([head, ...types], ' ', 36);
}

/** What is wrong with where a claim ended (empty: nothing). */
function problemsOf(claim: DemoClaim, receiver: WebhookReceiver): string[] {
  const { expectation } = claim;
  const problems: string[] = [];
  if (claim.status !== expectation.final)
    problems.push(`ended ${claim.status}, expected ${expectation.final}`);
  else if (matchedPath(expectation, claim.events) === undefined)
    problems.push(`went ${statusPath(claim.events).join(' > ')}, not an expected path`);
  if (claim.queue !== expectation.queue)
    problems.push(`in queue ${claim.queue ?? '-'}, expected ${expectation.queue ?? '-'}`);
  const { failed } = receiver.forClaim(claim.claimId);
  if (failed > 0) problems.push(`${failed} webhook signature(s) failed to verify`);
  return problems;
}

async function main(): Promise<number> {
  const settings = settingsSchema.parse(process.env);
  const apiUrl = (settings.API_URL ?? `http://localhost:${settings.PORT}`).replace(/\/+$/, '');
  console.log('npm run demo: one claim per sandbox payer scenario');
  const target = await findOrStartTarget({
    apiUrl,
    apiKey: settings.DEMO_API_KEY,
    sandboxDelaySeconds: 1,
    pollEveryMs: 250,
  });
  const api = new Api(target);
  const receiver = await startWebhookReceiver();
  let webhookId: string | undefined;
  try {
    console.log(`Using ${target.description}.`);
    const subscription = await api.call<{ id: string; secret: string }>('POST', '/v1/webhooks', {
      url: receiver.url,
      events: WEBHOOK_EVENT_TYPES.filter((type) => type.startsWith('claim.')),
    });
    webhookId = subscription.id;
    receiver.setSecret(subscription.secret);
    console.log(`Webhook receiver on ${receiver.url}, subscribed as ${webhookId}.`);

    const suffix = randomBytes(4).toString('hex').toUpperCase();
    const startedAt = Date.now();
    const claims: DemoClaim[] = await Promise.all(
      SCENARIO_EXPECTATIONS.map(async (expectation) => {
        const answer = await api.call<{ claimId: string; status: string }>(
          'POST',
          '/v1/claims/professional',
          await sandboxClaim(expectation, suffix),
        );
        return {
          expectation,
          claimId: answer.claimId,
          events: [],
          status: answer.status,
          queue: null,
        };
      }),
    );
    console.log(
      `Submitted ${claims.length} claims; waiting (at most ${settings.DEMO_TIMEOUT_SECONDS} s) ` +
        'for each to reach its final status and send its webhooks:',
    );
    await waitForClaims(api, claims, receiver, startedAt, settings.DEMO_TIMEOUT_SECONDS * 1000);

    const queueOf = await readQueues(api, new Set(claims.map((claim) => claim.claimId)));
    for (const claim of claims) claim.queue = queueOf.get(claim.claimId) ?? null;

    console.log('');
    console.log(
      renderTable(
        [
          'claim',
          'scenario',
          'path (time since RECEIVED)',
          'final',
          'expected',
          'queue',
          'webhooks',
        ],
        claims.map((claim) => [
          shortId(claim.claimId),
          claim.expectation.scenario,
          statusPathCell(claim),
          claim.status,
          claim.expectation.final,
          claim.queue ?? '-',
          webhooksCell(claim, receiver),
        ]),
      ),
    );
    console.log('');

    let failures = 0;
    const missingByType = new Map<string, number>();
    for (const claim of claims) {
      const problems = problemsOf(claim, receiver);
      failures += problems.length > 0 ? 1 : 0;
      for (const problem of problems)
        console.log(`FAIL ${claim.claimId} ${claim.expectation.scenario}: ${problem}`);
      for (const type of missingWebhooks(claim, receiver))
        missingByType.set(type, (missingByType.get(type) ?? 0) + 1);
    }
    for (const [type, count] of missingByType)
      console.log(`note: no ${type} webhook arrived for ${count} of ${claims.length} claims`);
    if (receiver.unattributedFailures > 0) {
      failures += 1;
      console.log(
        `FAIL ${receiver.unattributedFailures} webhook(s) naming no claim failed to verify`,
      );
    }
    const verified = claims.reduce(
      (sum, claim) => sum + receiver.forClaim(claim.claimId).verified.length,
      0,
    );
    console.log(
      failures === 0
        ? `OK: all ${claims.length} claims ended where their scenario says; ${verified} webhooks, every signature verified.`
        : `FAILED: ${failures} problem(s) above.`,
    );
    return failures === 0 ? 0 : 1;
  } finally {
    // leave no subscription behind on a long-running system: it would point at a closed port
    if (webhookId !== undefined)
      await api.call('DELETE', `/v1/webhooks/${webhookId}`).catch(() => undefined);
    await receiver.close();
    await target.stop();
  }
}

main().then(
  // explicit exit: SDK clients and timers of an in-process system may keep the loop alive
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('npm run demo failed:', error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
