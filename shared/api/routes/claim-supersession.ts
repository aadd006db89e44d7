// Corrections and voids: POST /v1/claims/{claimId}/corrections and /v1/claims/{claimId}/void.
// Idempotency-Key works as on the submit routes (same store, same key rules, same answers); without
// one, a retry is still safe: the replacement's id is derived from the original's (see
// shared/intake/claim-supersession.ts), so no second replacement is ever created.
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type { Context } from 'aws-lambda';
import type { IntakeDependencies } from '#shared/intake/claim-intake';
import {
  supersedeClaim,
  SupersessionRefusedError,
  type SupersessionKind,
  type SupersessionOutcome,
} from '#shared/intake/claim-supersession';
import { ClaimNotFoundError } from '#shared/storage/dynamodb/claim-repository';
import { audit } from '../audit.ts';
import { json, type HttpRequest, type HttpResponse } from '../http.ts';
import { linkTo } from '../public-base-url.ts';
import { IDEMPOTENCY_TTL_SECONDS, idempotencyKeyOf, idempotencyProblem } from '../idempotency.ts';
import { idempotencyKeyPrefix } from '#shared/storage/dynamodb/keys';
import { problems } from '../problem.ts';
import { parseJsonBody } from '../request-body.ts';
import type { Route, RouteHandler } from '../router.ts';

export interface SupersessionRouteDependencies {
  readonly intake: IntakeDependencies;
  readonly idempotencyStore: BasePersistenceLayer;
  readonly maxBodyBytes: number;
  readonly lambdaContext: () => Context | undefined;
}

interface SupersessionInput {
  readonly tenantId: string;
  readonly claimId: string;
  readonly kind: SupersessionKind;
  readonly idempotencyKey: string;
  readonly body: unknown;
  readonly requestId: string;
}

export function supersessionRoutes(dependencies: SupersessionRouteDependencies): Route[] {
  const idempotencyConfig = new IdempotencyConfig({
    eventKeyJmesPath: '[tenantId, claimId, kind, idempotencyKey]',
    payloadValidationJmesPath: 'body',
    expiresAfterSeconds: IDEMPOTENCY_TTL_SECONDS,
    throwOnNoIdempotencyKey: true,
  });
  const supersede = (input: Omit<SupersessionInput, 'idempotencyKey'>) =>
    supersedeClaim(dependencies.intake, {
      tenantId: input.tenantId,
      claimId: input.claimId,
      kind: input.kind,
      ...(input.kind === 'correction' ? { body: input.body } : {}),
      requestId: input.requestId,
    });
  const supersedeOnce = makeIdempotent(async (input: SupersessionInput) => await supersede(input), {
    persistenceStore: dependencies.idempotencyStore,
    config: idempotencyConfig,
    keyPrefix: idempotencyKeyPrefix('claim-supersession'),
  });

  const handler =
    (kind: SupersessionKind): RouteHandler =>
    async (request: HttpRequest, params): Promise<HttpResponse> => {
      const input = {
        tenantId: request.tenantId as string,
        claimId: params.claimId ?? '',
        kind,
        body:
          kind === 'correction'
            ? parseJsonBody(request, dependencies.maxBodyBytes)
            : voidBody(request),
        requestId: request.requestId,
      };
      const idempotencyKey = idempotencyKeyOf(request);
      let outcome: SupersessionOutcome;
      try {
        if (idempotencyKey === undefined) {
          outcome = await supersede(input);
        } else {
          const context = dependencies.lambdaContext();
          if (context !== undefined) idempotencyConfig.registerLambdaContext(context);
          outcome = await supersedeOnce({ ...input, idempotencyKey });
        }
      } catch (error) {
        const idempotency = idempotencyProblem(error);
        if (idempotency !== undefined) throw idempotency;
        // another tenant's claim id is simply not found: 404, never 403
        if (error instanceof ClaimNotFoundError) throw problems.notFound('claim');
        if (error instanceof SupersessionRefusedError) {
          throw error.reason === 'payer-claim-number-unknown'
            ? problems.payerClaimNumberUnknown()
            : problems.illegalTransition(error.message);
        }
        throw error;
      }
      if (!outcome.accepted) throw problems.validation(outcome.issues);
      audit(kind === 'void' ? 'claim.voided' : 'claim.corrected', request, {
        claimId: input.claimId,
      });
      return json(
        202,
        { claimId: outcome.claimId, status: outcome.status, replaces: outcome.replaces },
        { location: linkTo(request, `/v1/claims/${outcome.claimId}`) },
      );
    };

  const common = {
    404: 'no such claim for this tenant',
    409: 'the claim is corrected or voided already, the payer never gave it a claim number (send a new original claim instead), or a request with this Idempotency-Key is still in flight (Retry-After)',
    422: 'Idempotency-Key reused with another body',
  };
  return [
    {
      method: 'POST',
      path: '/v1/claims/{claimId}/corrections',
      handle: handler('correction'),
      doc: {
        summary:
          "Correct a claim: the body is the corrected claim in the original's shape (ProfessionalClaim or InstitutionalClaim); it is sent as a replacement (frequency 7, the payer claim number in REF*F8) and the original becomes CORRECTED",
        responses: {
          202: 'accepted: the replacement stored and queued (claimId of the replacement, status, replaces)',
          400: 'invalid claim: every bad field with its path and code',
          ...common,
          413: 'body over the size limit',
          415: 'not application/json',
        },
      },
    },
    {
      method: 'POST',
      path: '/v1/claims/{claimId}/void',
      handle: handler('void'),
      doc: {
        summary:
          'Void a claim: the claim as submitted is sent again with frequency 8 and the payer claim number in REF*F8; the original becomes VOIDED',
        responses: {
          202: 'accepted: the void stored and queued (claimId of the void, status, replaces)',
          400: 'the body is not empty',
          ...common,
        },
      },
    },
  ];
}

/** A void takes no body; an empty JSON object is accepted as none. */
function voidBody(request: HttpRequest): Record<string, never> {
  const text = (request.body ?? '').trim();
  if (text === '' || /^\{\s*\}$/.test(text)) return {};
  throw problems.validation([
    { path: '', code: 'BODY_NOT_ALLOWED', message: 'a void takes no body (or an empty object)' },
  ]);
}
