// The audit trail of reads and changes (docs/ARCHITECTURE.md section 9): who (tenant, request), what (action)
// and which ids; never claim data.
import { logger } from '#shared/observability/logger';
import type { HttpRequest } from './http.ts';

export function audit(
  action: string,
  request: HttpRequest,
  ids: { readonly claimId?: string; readonly batchId?: string },
): void {
  logger.info('audit', {
    audit: true,
    action,
    tenantId: request.tenantId,
    ...ids,
    requestId: request.requestId,
  });
}
