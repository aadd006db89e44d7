// Follow-up work queue routes: counts per queue, a queue's items (highest priority first), and
// assign / note / resolve on a claim's work item. Queue membership itself is never written here:
// it follows the claim's status (shared/domain/follow-up/work-queue-rules.ts).
import * as z from 'zod';
import {
  ageDays,
  priorityOf,
  suggestedAction,
  WORK_QUEUES,
  type WorkQueue,
} from '#shared/domain/follow-up/work-queue-rules';
import { centsOrZero, formatCents } from '#shared/domain/money/cents';
import { logger } from '#shared/observability/logger';
import {
  ClaimNotFoundError,
  type ClaimRepository,
} from '#shared/storage/dynamodb/claim-repository';
import {
  NotInWorkQueueError,
  type FollowUpAction,
} from '#shared/domain/follow-up/follow-up-action';
import type { ClaimRecord } from '#shared/domain/claims/claim-record';
import {
  InvalidWorkQueueCursorError,
  type WorkQueueEntry,
  type WorkQueueRepository,
} from '#shared/storage/dynamodb/work-queue-repository';
import { describeCode } from '../claim-answers-view.ts';
import { json, type HttpRequest } from '../http.ts';
import { linkTo } from '../public-base-url.ts';
import { HttpProblem, problems, type FieldError } from '../problem.ts';
import { parseJsonBody } from '../request-body.ts';
import { decodeCursor, encodeCursor, invalidCursor, queryIssue } from '../list-query.ts';
import { PAGING_QUERY_PARAMETERS } from '../openapi.ts';
import type { Route, RouteHandler } from '../router.ts';

export interface WorkQueueRouteDependencies {
  readonly claims: Pick<ClaimRepository, 'applyFollowUp'>;
  readonly workQueues: Pick<WorkQueueRepository, 'page' | 'counts'>;
  readonly now: () => Date;
  readonly maxBodyBytes: number;
}

const pageQuerySchema = z.object({
  payerId: z.string().min(1).max(80).optional(),
  assignee: z.string().min(1).max(200).optional(),
  cursor: z.string().min(1).max(2000).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

const followUpSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('assign'), assignee: z.string().trim().min(1).max(200) }),
  z.object({ action: z.literal('note'), note: z.string().trim().min(1).max(2000) }),
  z.object({ action: z.literal('resolve'), note: z.string().trim().min(1).max(2000).optional() }),
]);

export function workQueueRoutes(dependencies: WorkQueueRouteDependencies): Route[] {
  const summary: RouteHandler = async (request) => {
    const tenantId = request.tenantId as string;
    const counts = await dependencies.workQueues.counts(tenantId, WORK_QUEUES);
    return json(200, {
      queues: counts.map((count) => ({
        queue: count.queue,
        count: count.count,
        amountAtStake: formatCents(count.amountAtStakeCents),
        // false: the queue holds more than was counted (count and amount are lower bounds)
        complete: count.complete,
        links: { items: linkTo(request, `/v1/work-queues/${count.queue}`) },
      })),
    });
  };

  const page: RouteHandler = async (request, params) => {
    const tenantId = request.tenantId as string;
    const queue = params.queue ?? '';
    if (!(WORK_QUEUES as readonly string[]).includes(queue)) throw problems.notFound('work queue');
    const parsed = pageQuerySchema.safeParse(request.query);
    if (!parsed.success) throw problems.badQuery(parsed.error.issues.map(queryIssue));
    const { payerId, assignee, limit } = parsed.data;
    const cursor =
      parsed.data.cursor === undefined ? undefined : decodeCursor(parsed.data.cursor, cursorSchema);
    try {
      const result = await dependencies.workQueues.page(tenantId, queue as WorkQueue, {
        limit,
        ...(payerId ? { payerId } : {}),
        ...(assignee ? { assignee } : {}),
        ...(cursor ? { cursor } : {}),
      });
      const now = dependencies.now();
      const items = result.items
        .map((entry) => itemView(request, queue as WorkQueue, entry, now))
        // exact priority inside the page; across pages the index order (amount band, oldest)
        .sort((a, b) => b.priority - a.priority);
      return json(200, {
        queue,
        items,
        ...(result.nextCursor ? { nextCursor: encodeCursor(result.nextCursor) } : {}),
      });
    } catch (error) {
      if (error instanceof InvalidWorkQueueCursorError) throw invalidCursor();
      throw error;
    }
  };

  const followUp: RouteHandler = async (request, params) => {
    const tenantId = request.tenantId as string;
    const parsed = followUpSchema.safeParse(parseJsonBody(request, dependencies.maxBodyBytes));
    if (!parsed.success) throw problems.validation(parsed.error.issues.map(bodyIssue));
    const claimId = params.claimId ?? '';
    try {
      const record = await dependencies.claims.applyFollowUp(
        tenantId,
        claimId,
        parsed.data satisfies FollowUpAction,
        { kind: 'follow-up', requestId: request.requestId },
        dependencies.now(),
      );
      audit(`claim.follow_up.${parsed.data.action}`, request, claimId);
      return json(200, claimItemView(request, record, dependencies.now()));
    } catch (error) {
      // another tenant's claim id is simply not found: 404, never 403
      if (error instanceof ClaimNotFoundError) throw problems.notFound('claim');
      if (error instanceof NotInWorkQueueError) throw notInQueue();
      throw error;
    }
  };

  return [
    {
      method: 'GET',
      path: '/v1/work-queues',
      handle: summary,
      doc: {
        summary: 'Count and amount at stake of each follow-up work queue',
        responses: {
          200: 'one entry per queue (count and amount are lower bounds if complete is false)',
        },
      },
    },
    {
      method: 'GET',
      path: '/v1/work-queues/{queue}',
      handle: page,
      doc: {
        summary: 'A page of a work queue, highest priority (amount at stake x age) first',
        responses: {
          200: 'items with codes and meanings, suggested action, priority; nextCursor when there is more',
          400: 'invalid query',
          404: 'no such queue',
        },
        query: [
          {
            name: 'payerId',
            description: 'only items for this payer',
            schema: { type: 'string' },
          },
          {
            name: 'assignee',
            description: 'only items assigned to this person',
            schema: { type: 'string' },
          },
          ...PAGING_QUERY_PARAMETERS,
        ],
      },
    },
    {
      method: 'POST',
      path: '/v1/claims/{claimId}/follow-up',
      handle: followUp,
      doc: {
        summary:
          'Assign, note or resolve a claim\'s work item: {"action": "assign"|"note"|"resolve", "assignee"?, "note"?}',
        responses: {
          200: 'the work item after the change (a history event was appended)',
          400: 'invalid body',
          404: 'no such claim for this tenant',
          409: 'the claim is in no work queue',
        },
      },
    },
  ];
}

interface ItemView {
  readonly priority: number;
  readonly [field: string]: unknown;
}

function itemView(
  request: HttpRequest,
  queue: WorkQueue,
  entry: WorkQueueEntry,
  now: Date,
): ItemView {
  if (entry.kind === 'claim') return claimItemView(request, entry.claim, now);
  const answer = entry.answer;
  const amount = Math.abs(centsOrZero(answer.identifiers.chargeAmount));
  return {
    kind: 'unmatched-answer',
    answerId: answer.answerId,
    document: answer.document,
    reason: answer.reason,
    payerId: answer.identifiers.payerId ?? null,
    reasonCodes: answer.codes.map(codeView),
    suggestedAction: suggestedAction(queue, answer.codes),
    amountAtStake: formatCents(amount),
    ageDays: ageDays(answer.receivedAt, now),
    priority: priorityOf(amount, answer.receivedAt, now),
    assignee: null,
    notes: [],
    resolved: false,
  };
}

function claimItemView(request: HttpRequest, record: ClaimRecord, now: Date): ItemView {
  const followUp = record.followUp;
  const amount = followUp?.amountAtStakeCents ?? 0;
  return {
    kind: 'claim',
    claimId: record.claimId,
    queue: followUp?.queue ?? null,
    status: record.status,
    payerId: record.payerId,
    reasonCodes: (followUp?.codes ?? []).map(codeView),
    suggestedAction: followUp?.action ?? null,
    amountAtStake: formatCents(amount),
    ageDays: ageDays(record.createdAt, now),
    priority: priorityOf(amount, record.createdAt, now),
    assignee: followUp?.assignee ?? null,
    notes: followUp?.notes ?? [],
    resolved: followUp?.resolved ?? false,
    links: {
      claim: linkTo(request, `/v1/claims/${record.claimId}`),
      events: linkTo(request, `/v1/claims/${record.claimId}/events`),
    },
  };
}

/** A code with its short meaning; an unknown code shows as the code itself. */
function codeView(code: { type: string; code: string; group?: string }) {
  const described = describeCode(code);
  return { ...described, meaning: described.meaning ?? code.code };
}

function audit(action: string, request: HttpRequest, claimId: string): void {
  logger.info('audit', {
    audit: true,
    action,
    tenantId: request.tenantId,
    claimId,
    requestId: request.requestId,
  });
}

// the work queue repository's page key, as it gave it
const cursorSchema = z.record(z.string(), z.string());

function notInQueue() {
  return new HttpProblem({
    type: 'https://docs.clearinghouse.dev/problems/not-in-work-queue',
    title: 'The claim is in no work queue',
    status: 409,
    detail: 'only a claim with a work item can be assigned, noted or resolved',
  });
}

function bodyIssue(issue: z.core.$ZodIssue): FieldError {
  const field = issue.path.join('.');
  return { path: field, code: 'INVALID_FIELD', message: `${field || 'body'}: ${issue.message}` };
}
