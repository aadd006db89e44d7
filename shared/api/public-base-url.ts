// The base of every link and Location header the API answers with, decided once per request and
// carried on it (`HttpRequest.baseUrl`), so a route never guesses where the client stands.
import type { HttpRequest } from './http.ts';

/** What API Gateway says of where a request came in (the proxy event's requestContext). */
export interface RequestOrigin {
  /** `requestContext.domainName`: the host the client called, without a port */
  readonly domainName?: string | undefined;
  /** `requestContext.stage` */
  readonly stage?: string | undefined;
}

// The default endpoints (regional, edge and private APIs, AWS China) carry the stage as the first
// path segment: https://abc123.execute-api.us-east-1.amazonaws.com/prod/v1/...
const EXECUTE_API_DOMAIN = /^[a-z0-9-]+\.execute-api\.[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/i;

/**
 * The base URL that links start with, without a trailing slash: a configured PUBLIC_BASE_URL
 * wins; then the execute-api URL with its stage; otherwise '' (links stay relative paths).
 *
 * Relative rather than built from the host on any other domain: behind a custom domain the
 * base path mapping (none, or e.g. `/api`) is invisible to the function, so an absolute URL
 * built from the domain name could point elsewhere, while `/v1/...` resolves against the
 * origin the client used (RFC 9110 allows a relative Location); and the local server's
 * domain name is the client's own Host header, which an answer should not echo back as a link.
 * A custom domain with a base path sets PUBLIC_BASE_URL.
 */
export function publicBaseUrl(configured: string | undefined, origin: RequestOrigin): string {
  if (configured !== undefined && configured !== '') return configured.replace(/\/+$/, '');
  const { domainName, stage } = origin;
  if (domainName !== undefined && stage !== undefined && stage !== '') {
    if (EXECUTE_API_DOMAIN.test(domainName)) return `https://${domainName}/${stage}`;
  }
  return '';
}

/** A link to one of the API's own paths (`/v1/...`), as the client can follow it. */
export function linkTo(request: Pick<HttpRequest, 'baseUrl'>, path: string): string {
  return request.baseUrl + path;
}
