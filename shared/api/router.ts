// A small route table: method + path template -> route. Unknown paths answer 404, known paths with
// another method 405; the Lambda and the local server share it through functions/api.
import type { HttpRequest, HttpResponse } from './http.ts';
import type { RouteDocumentation } from './openapi.ts';
import { problems } from './problem.ts';

export type RouteHandler = (
  request: HttpRequest,
  params: Readonly<Record<string, string>>,
) => Promise<HttpResponse>;

export interface Route {
  readonly method: 'GET' | 'POST' | 'DELETE' | 'PUT' | 'PATCH';
  /** e.g. /v1/claims/{claimId} */
  readonly path: string;
  /** public routes skip the tenant requirement (health) */
  readonly public?: boolean;
  readonly handle: RouteHandler;
  /** what the OpenAPI document says of the route */
  readonly doc?: RouteDocumentation;
}

interface CompiledRoute extends Route {
  readonly pattern: RegExp;
  readonly names: readonly string[];
}

export class Router {
  readonly #routes: CompiledRoute[];

  constructor(routes: readonly Route[]) {
    this.#routes = routes.map((route) => {
      const names: string[] = [];
      const source = route.path
        .split('/')
        .map((part) => {
          const match = /^\{(\w+)\}$/.exec(part);
          if (match?.[1] === undefined) return part.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
          names.push(match[1]);
          return '([^/]+)';
        })
        .join('/');
      return { ...route, pattern: new RegExp(`^${source}/?$`), names };
    });
  }

  async handle(request: HttpRequest): Promise<HttpResponse> {
    const matching = this.#routes
      .map((route) => ({ route, match: route.pattern.exec(request.path) }))
      .filter((candidate) => candidate.match !== null);
    if (matching.length === 0) throw problems.notFound('route');
    const chosen = matching.find(
      (candidate) => candidate.route.method === request.method.toUpperCase(),
    );
    if (chosen === undefined)
      throw problems.methodNotAllowed(matching.map((candidate) => candidate.route.method));
    if (!chosen.route.public && request.tenantId === undefined) throw problems.unauthorized();
    const params: Record<string, string> = {};
    chosen.route.names.forEach((name, index) => {
      params[name] = decodeURIComponent(chosen.match?.[index + 1] ?? '');
    });
    return await chosen.route.handle(request, params);
  }
}
