// Claim routes: submit (with Idempotency-Key), validate, read, history, list.
import * as z from 'zod';
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type { Context } from 'aws-lambda';
import { CLAIM_STATUSES } from '#shared/domain/lifecycle/claim-status';
import { previewClaim } from '#shared/intake/claim-preview';
import {
  submitClaim,
  type IntakeDependencies,
  type SubmitOutcome,
} from '#shared/intake/claim-intake';
import {
  ClaimNotFoundError,
  InvalidCursorError,
  type ClaimListCursor,
  type ClaimRepository,
} from '#shared/storage/dynamodb/claim-repository';
import type { ClaimKind, ClaimRecord } from '#shared/domain/claims/claim-record';
import { idempotencyKeyPrefix, monthOf } from '#shared/storage/dynamodb/keys';
import type { AnswerRepository } from '#shared/storage/dynamodb/answer-repository';
import type { TenantRepository } from '#shared/storage/dynamodb/tenant-repository';
import { describeEvent, payerAnswersView } from '../claim-answers-view.ts';
import { audit } from '../audit.ts';
import { json, type HttpRequest, type HttpResponse } from '../http.ts';
import { linkTo } from '../public-base-url.ts';
import { IDEMPOTENCY_TTL_SECONDS, idempotencyKeyOf, idempotencyProblem } from '../idempotency.ts';
import { problems } from '../problem.ts';
import { parseJsonBody } from '../request-body.ts';
import { decodeCursor, encodeCursor, invalidCursor, queryIssue } from '../list-query.ts';
import { PAGING_QUERY_PARAMETERS } from '../openapi.ts';
import type { Route, RouteHandler } from '../router.ts';

export interface ClaimRouteDependencies {
  readonly intake: IntakeDependencies;
  readonly claims: ClaimRepository;
  readonly tenants: TenantRepository;
  readonly answers: Pick<AnswerRepository, 'listRemittances'>;
  readonly idempotencyStore: BasePersistenceLayer;
  readonly maxBodyBytes: number;
  /** the invocation's Lambda context, so that an in-flight lock expires when the invocation does */
  readonly lambdaContext: () => Context | undefined;
}

const listQuerySchema = z.object({
  status: z.enum(CLAIM_STATUSES).optional(),
  payerId: z.string().min(1).max(80).optional(),
  cursor: z.string().min(1).max(2000).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

const cursorSchema = z.object({
  month: z.string().regex(/^\d{4}-\d{2}$/),
  after: z.record(z.string(), z.string()).optional(),
});

export function claimRoutes(dependencies: ClaimRouteDependencies): Route[] {
  const idempotencyConfig = new IdempotencyConfig({
    eventKeyJmesPath: '[tenantId, kind, idempotencyKey]',
    payloadValidationJmesPath: 'body',
    expiresAfterSeconds: IDEMPOTENCY_TTL_SECONDS,
    throwOnNoIdempotencyKey: true,
  });
  const submitOnce = makeIdempotent(
    async (input: {
      tenantId: string;
      kind: ClaimKind;
      idempotencyKey: string;
      body: unknown;
      requestId: string;
    }) =>
      await submitClaim(dependencies.intake, {
        tenantId: input.tenantId,
        kind: input.kind,
        body: input.body,
        channel: 'api',
        requestId: input.requestId,
      }),
    {
      persistenceStore: dependencies.idempotencyStore,
      config: idempotencyConfig,
      keyPrefix: idempotencyKeyPrefix('claims'),
    },
  );

  const submit =
    (kind: ClaimKind) =>
    async (request: HttpRequest): Promise<HttpResponse> => {
      const tenantId = request.tenantId as string;
      const body = parseJsonBody(request, dependencies.maxBodyBytes);
      const idempotencyKey = idempotencyKeyOf(request);
      let outcome: SubmitOutcome;
      if (idempotencyKey === undefined) {
        outcome = await submitClaim(dependencies.intake, {
          tenantId,
          kind,
          body,
          channel: 'api',
          requestId: request.requestId,
        });
      } else {
        const context = dependencies.lambdaContext();
        if (context !== undefined) idempotencyConfig.registerLambdaContext(context);
        try {
          outcome = await submitOnce({
            tenantId,
            kind,
            idempotencyKey,
            body,
            requestId: request.requestId,
          });
        } catch (error) {
          throw idempotencyProblem(error) ?? error;
        }
      }
      if (!outcome.accepted) throw problems.validation(outcome.issues);
      audit('claim.submitted', request, { claimId: outcome.claimId });
      return json(
        202,
        {
          claimId: outcome.claimId,
          status: outcome.status,
          patientControlNumber: outcome.patientControlNumber,
        },
        { location: linkTo(request, `/v1/claims/${outcome.claimId}`) },
      );
    };

  const validate =
    (kind: ClaimKind) =>
    (request: HttpRequest): Promise<HttpResponse> => {
      const body = parseJsonBody(request, dependencies.maxBodyBytes);
      // a finished validation is a 200 either way; `valid` says which answer it is
      return Promise.resolve(json(200, previewClaim(kind, body, dependencies.intake.now())));
    };

  /** The caller's claim named in the path (404 for anyone else's), with an audit line. */
  const auditedClaim = async (
    request: HttpRequest,
    params: Readonly<Record<string, string>>,
    action: string,
  ): Promise<ClaimRecord> => {
    const record = await findClaim(
      dependencies.claims,
      request.tenantId as string,
      params.claimId ?? '',
    );
    audit(action, request, { claimId: record.claimId });
    return record;
  };

  const readClaim: RouteHandler = async (request, params) => {
    const record = await auditedClaim(request, params, 'claim.read');
    const [body, remittances] = await Promise.all([
      dependencies.claims.getBody(record.tenantId, record.claimId),
      dependencies.answers.listRemittances(record.tenantId, record.claimId),
    ]);
    return json(200, {
      ...claimSummary(record),
      payerAnswers: payerAnswersView(record, remittances),
      claim: body,
      links: links(request, record),
    });
  };

  const readEvents: RouteHandler = async (request, params) => {
    const record = await auditedClaim(request, params, 'claim.events.read');
    return json(200, {
      claimId: record.claimId,
      status: record.status,
      events: record.history.map(describeEvent),
    });
  };

  const list = async (request: HttpRequest): Promise<HttpResponse> => {
    const tenantId = request.tenantId as string;
    const parsed = listQuerySchema.safeParse(request.query);
    if (!parsed.success) throw problems.badQuery(parsed.error.issues.map(queryIssue));
    const { status, payerId, limit } = parsed.data;
    const cursor =
      parsed.data.cursor === undefined
        ? undefined
        : decodeCursor<ClaimListCursor>(parsed.data.cursor, cursorSchema);
    const tenant = await dependencies.tenants.getTenant(tenantId);
    try {
      const page = await dependencies.claims.list(tenantId, {
        ...(status ? { status } : {}),
        ...(payerId ? { payerId } : {}),
        limit,
        ...(cursor ? { cursor } : {}),
        fromMonth: monthOf(dependencies.intake.now().toISOString()),
        oldestMonth: monthOf(tenant.createdAt),
      });
      return json(200, {
        items: page.items.map((record) => ({
          ...claimSummary(record),
          links: links(request, record),
        })),
        ...(page.nextCursor ? { nextCursor: encodeCursor(page.nextCursor) } : {}),
      });
    } catch (error) {
      if (error instanceof InvalidCursorError) throw invalidCursor();
      throw error;
    }
  };

  const submitted = {
    202: 'accepted: stored, queued for transmission (claimId, status, patientControlNumber)',
    400: 'invalid claim: every bad field with its path and code',
    409: 'a request with this Idempotency-Key is still in flight (Retry-After)',
    413: 'body over the size limit',
    415: 'not application/json',
    422: 'Idempotency-Key reused with another body',
  };
  const validated = {
    200: '`valid: true` with the 837 it would become, or `valid: false` with every error',
  };
  const read = { 200: 'the claim', 404: 'no such claim for this tenant' };
  return [
    {
      method: 'POST',
      path: '/v1/claims/professional',
      handle: submit('professional'),
      doc: {
        summary: 'Submit a professional claim',
        requestSchema: 'ProfessionalClaim',
        responses: submitted,
      },
    },
    {
      method: 'POST',
      path: '/v1/claims/institutional',
      handle: submit('institutional'),
      doc: {
        summary: 'Submit an institutional claim',
        requestSchema: 'InstitutionalClaim',
        responses: submitted,
      },
    },
    {
      method: 'POST',
      path: '/v1/claims/professional/validate',
      handle: validate('professional'),
      doc: {
        summary: 'Validate a professional claim without submitting it',
        requestSchema: 'ProfessionalClaim',
        responses: validated,
      },
    },
    {
      method: 'POST',
      path: '/v1/claims/institutional/validate',
      handle: validate('institutional'),
      doc: {
        summary: 'Validate an institutional claim without submitting it',
        requestSchema: 'InstitutionalClaim',
        responses: validated,
      },
    },
    {
      method: 'GET',
      path: '/v1/claims',
      handle: list,
      doc: {
        summary: "List the tenant's claims, newest first",
        responses: {
          200: 'a page of claims and nextCursor when there is more',
          400: 'invalid query',
        },
        query: [
          {
            name: 'status',
            description: 'only claims in this status',
            schema: { type: 'string', enum: [...CLAIM_STATUSES] },
          },
          {
            name: 'payerId',
            description: 'only claims for this payer (tradingPartnerServiceId)',
            schema: { type: 'string' },
          },
          ...PAGING_QUERY_PARAMETERS,
        ],
      },
    },
    {
      method: 'GET',
      path: '/v1/claims/{claimId}',
      handle: readClaim,
      doc: { summary: 'A claim, its status and the claim as submitted', responses: read },
    },
    {
      method: 'GET',
      path: '/v1/claims/{claimId}/events',
      handle: readEvents,
      doc: { summary: "The claim's history, oldest first", responses: read },
    },
  ];
}

async function findClaim(
  claims: ClaimRepository,
  tenantId: string,
  claimId: string,
): Promise<ClaimRecord> {
  try {
    return await claims.get(tenantId, claimId);
  } catch (error) {
    // another tenant's claim id is simply not found: 404, never 403
    if (error instanceof ClaimNotFoundError) throw problems.notFound('claim');
    throw error;
  }
}

function claimSummary(record: ClaimRecord): Record<string, unknown> {
  return {
    claimId: record.claimId,
    kind: record.kind,
    status: record.status,
    patientControlNumber: record.patientControlNumber,
    payerId: record.payerId,
    chargeAmount: record.chargeAmount,
    frequencyCode: record.frequencyCode,
    submission: record.submission,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

function links(request: HttpRequest, record: ClaimRecord): Record<string, string> {
  return {
    self: linkTo(request, `/v1/claims/${record.claimId}`),
    events: linkTo(request, `/v1/claims/${record.claimId}/events`),
  };
}
