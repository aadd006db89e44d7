// GET /v1/health: liveness plus a cheap check of each dependency (no tenant, no data). The checks
// themselves are storage's (shared/storage/health-probes.ts).
import { json } from '../http.ts';
import type { Route } from '../router.ts';

/** A dependency check: resolves when the dependency answers, throws when it does not. */
export type HealthProbe = () => Promise<unknown>;

export function healthRoutes(dependencies: {
  probes: { readonly table: HealthProbe; readonly transmitQueue: HealthProbe };
}): Route[] {
  const check = async (probe: HealthProbe): Promise<'ok' | 'unavailable'> => {
    try {
      await probe();
      return 'ok';
    } catch {
      return 'unavailable';
    }
  };
  return [
    {
      method: 'GET',
      path: '/v1/health',
      public: true,
      doc: {
        summary: 'Liveness and dependency checks (no API key)',
        responses: { 200: 'healthy', 503: 'a dependency is unavailable' },
      },
      handle: async () => {
        const [table, transmitQueue] = await Promise.all([
          check(dependencies.probes.table),
          check(dependencies.probes.transmitQueue),
        ]);
        const healthy = table === 'ok' && transmitQueue === 'ok';
        return json(healthy ? 200 : 503, {
          status: healthy ? 'ok' : 'degraded',
          checks: { table, transmitQueue },
        });
      },
    },
  ];
}
