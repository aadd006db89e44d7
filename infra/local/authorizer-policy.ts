// Evaluates a Lambda authorizer's IAM policy against a method ARN the way API Gateway does: an
// explicit Deny wins, then an Allow must match both the action and the resource; nothing else allows.
import type { PolicyDocument } from 'aws-lambda';

export type PolicyDecision = 'Allow' | 'Deny';

const INVOKE_ACTION = 'execute-api:Invoke';

export function evaluateAuthorizerPolicy(
  policy: PolicyDocument | undefined,
  methodArn: string,
): PolicyDecision {
  // IAM accepts a single statement object where the types say array; API Gateway does too.
  const raw: unknown = policy?.Statement;
  const statements: unknown[] = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  let allowed = false;
  for (const statement of statements) {
    if (typeof statement !== 'object' || statement === null) continue;
    const { Effect, Action, Resource } = statement as Record<string, unknown>;
    const applies =
      asList(Action).some((action) => globMatches(action, INVOKE_ACTION, 'i')) &&
      asList(Resource).some((resource) => globMatches(resource, methodArn, ''));
    if (!applies) continue;
    if (Effect === 'Deny') return 'Deny';
    if (Effect === 'Allow') allowed = true;
  }
  return allowed ? 'Allow' : 'Deny';
}

function asList(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return [];
}

/**
 * IAM wildcards: `*` any run of characters (slashes included), `?` exactly one. Action names
 * match case-insensitively (flags 'i'), resources exactly.
 */
function globMatches(pattern: string, value: string, flags: 'i' | ''): boolean {
  const source = pattern
    .split('')
    .map((char) => {
      if (char === '*') return '.*';
      if (char === '?') return '.';
      return char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return new RegExp(`^${source}$`, flags).test(value);
}
