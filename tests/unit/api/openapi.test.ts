import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '#shared/api/openapi';
import { claimBatchRoutes } from '#shared/api/routes/claim-batches';
import { claimRoutes } from '#shared/api/routes/claims';
import { healthRoutes } from '#shared/api/routes/health';
import type { Route } from '#shared/api/router';

// the route table with inert dependencies: building the document never calls them
const routes: Route[] = [
  ...healthRoutes({} as never),
  ...claimRoutes({ lambdaContext: () => undefined, maxBodyBytes: 1 } as never),
  ...claimBatchRoutes({ lambdaContext: () => undefined } as never),
];

describe('buildOpenApiDocument', () => {
  const document = buildOpenApiDocument(routes) as {
    paths: Record<
      string,
      Record<string, { security?: unknown; requestBody?: unknown; parameters?: { name: string }[] }>
    >;
    components: {
      schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }>;
    };
  };

  it('documents every route of the route table with its method', () => {
    for (const route of routes) {
      expect(
        document.paths[route.path]?.[route.method.toLowerCase()],
        `${route.method} ${route.path}`,
      ).toBeDefined();
    }
  });

  it('takes the claim request schemas from the zod schemas, required fields included', () => {
    const professional = document.components.schemas.ProfessionalClaim;
    expect(professional?.required).toEqual(
      expect.arrayContaining(['claimInformation', 'billing', 'subscriber']),
    );
    expect(Object.keys(professional?.properties ?? {})).toContain('tradingPartnerServiceId');
    expect(document.components.schemas.InstitutionalClaim?.properties).toHaveProperty(
      'claimInformation',
    );
  });

  it('marks health as needing no API key and names path parameters', () => {
    expect(document.paths['/v1/health']?.get?.security).toEqual([]);
    expect(
      document.paths['/v1/claims/{claimId}']?.get?.parameters?.map((parameter) => parameter.name),
    ).toEqual(['claimId']);
  });

  it('documents the batch upload as an X12 body, not JSON', () => {
    const upload = document.paths['/v1/claim-batches']?.post?.requestBody as {
      content: Record<string, { schema: { type: string } }>;
    };

    expect(Object.keys(upload.content)).toEqual(['application/edi-x12']);
    expect(upload.content['application/edi-x12']?.schema.type).toBe('string');
  });
});
