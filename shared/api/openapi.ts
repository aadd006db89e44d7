// The OpenAPI 3.1 document of the API, generated from the route table and the zod schemas (one
// source of truth: a route or a claim field added in code appears here without a second edit).
import * as z from 'zod';
import { institutionalClaimSchema } from '#shared/domain/claims/institutional-claim';
import { professionalClaimSchema } from '#shared/domain/claims/professional-claim';
import type { Route } from './router.ts';

export interface RouteDocumentation {
  readonly summary: string;
  /** a component name from `components.schemas` of the request body */
  readonly requestSchema?: keyof typeof requestSchemas;
  /** an inline schema of a body that is no JSON component (an X12 file) */
  readonly requestBodySchema?: Record<string, unknown>;
  readonly requestContentType?: string;
  readonly responses: Readonly<Record<number, string>>;
  readonly query?: readonly {
    name: string;
    description: string;
    schema: Record<string, unknown>;
  }[];
}

/** The cursor and limit of every paged listing. */
export const PAGING_QUERY_PARAMETERS: NonNullable<RouteDocumentation['query']> = [
  { name: 'cursor', description: 'nextCursor of the previous page', schema: { type: 'string' } },
  {
    name: 'limit',
    description: '1 to 100, default 25',
    schema: { type: 'integer', minimum: 1, maximum: 100 },
  },
];

const toSchema = (schema: z.ZodType) =>
  z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });

const requestSchemas = {
  ProfessionalClaim: () => toSchema(professionalClaimSchema),
  InstitutionalClaim: () => toSchema(institutionalClaimSchema),
} as const;

/** The TA1 (interchange acknowledgment) of an uploaded batch, as its routes answer it. */
const ta1Schema = {
  type: 'object',
  description:
    'The TA1 we answered an uploaded interchange with: R with the TA105 note code when its ISA/IEA envelope is defective (e.g. 001 IEA02 differs from ISA13, 021 IEA01 wrong, 018 invalid ISA13, 022 invalid control structure, 023 improper end of file, 024 invalid content), A 000 when ISA14 asked for one',
  required: ['interchanges', 'producedAt'],
  properties: {
    interchanges: {
      type: 'array',
      items: {
        type: 'object',
        required: [
          'acknowledgedControlNumber',
          'acknowledgment',
          'noteCode',
          'interchangeControlNumber',
        ],
        properties: {
          acknowledgedControlNumber: {
            type: 'string',
            description: 'TA101: ISA13 of the uploaded interchange',
          },
          acknowledgment: { type: 'string', enum: ['A', 'E', 'R'], description: 'TA104' },
          noteCode: { type: 'string', description: 'TA105 (000 no error)' },
          interchangeControlNumber: {
            type: 'string',
            description: 'ISA13 of our TA1 interchange',
          },
        },
      },
    },
    producedAt: { type: 'string', format: 'date-time' },
    x12: { type: 'string', description: 'the TA1 file (X12), in its own ISA/IEA' },
  },
};

const problemSchema = {
  type: 'object',
  description: 'RFC 9457 problem details; errors name every bad field',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['path', 'code', 'message'],
        properties: {
          path: { type: 'string' },
          code: { type: 'string' },
          message: { type: 'string' },
        },
      },
    },
    batchId: { type: 'string', description: 'a refused upload: the batch it was recorded as' },
    ta1: { $ref: '#/components/schemas/BatchTa1' },
  },
  required: ['type', 'title', 'status'],
};

export function buildOpenApiDocument(routes: readonly Route[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const doc = route.doc;
    if (doc === undefined) continue;
    const parameters = [
      ...[...route.path.matchAll(/\{(\w+)\}/g)].map((match) => ({
        name: match[1],
        in: 'path',
        required: true,
        schema: { type: 'string' },
      })),
      ...(doc.query ?? []).map((parameter) => ({ ...parameter, in: 'query', required: false })),
    ];
    const responses: Record<string, unknown> = {};
    for (const [status, description] of Object.entries(doc.responses)) {
      responses[status] =
        Number(status) >= 400
          ? {
              description,
              content: {
                'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
              },
            }
          : { description, content: { 'application/json': { schema: { type: 'object' } } } };
    }
    (paths[route.path] ??= {})[route.method.toLowerCase()] = {
      summary: doc.summary,
      ...(route.public ? { security: [] } : {}),
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(doc.requestSchema || doc.requestBodySchema
        ? {
            requestBody: {
              required: true,
              content: {
                [doc.requestContentType ?? 'application/json']: {
                  schema: doc.requestSchema
                    ? { $ref: `#/components/schemas/${doc.requestSchema}` }
                    : doc.requestBodySchema,
                },
              },
            },
          }
        : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Claims clearinghouse API',
      version: '1',
      description:
        'Claims in the request shapes of the Change Healthcare Professional Claims v3 and Institutional Claims v1 APIs.',
    },
    servers: [{ url: '/' }],
    security: [{ apiKey: [] }],
    paths,
    components: {
      securitySchemes: { apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' } },
      schemas: {
        ProfessionalClaim: requestSchemas.ProfessionalClaim(),
        InstitutionalClaim: requestSchemas.InstitutionalClaim(),
        Problem: problemSchema,
        BatchTa1: ta1Schema,
      },
    },
  };
}
