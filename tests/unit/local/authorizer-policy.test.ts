import { describe, expect, it } from 'vitest';
import type { PolicyDocument } from 'aws-lambda';
import { evaluateAuthorizerPolicy } from '#infra/local/authorizer-policy';

const arn = 'arn:aws:execute-api:us-east-1:000000000000:abcdefghij/local/GET/v1/claims/c-1';

const policy = (...statements: object[]): PolicyDocument =>
  ({ Version: '2012-10-17', Statement: statements }) as PolicyDocument;

describe('evaluateAuthorizerPolicy', () => {
  it('allows when an Allow statement names the method ARN exactly', () => {
    const decision = evaluateAuthorizerPolicy(
      policy({ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: arn }),
      arn,
    );

    expect(decision).toBe('Allow');
  });

  it('matches IAM wildcards: * across slashes and ? for one character', () => {
    const wildcard = 'arn:aws:execute-api:us-east-1:000000000000:abcdefghij/local/*';
    const single = 'arn:aws:execute-api:us-east-1:000000000000:abcdefghij/local/GE?/v1/*';

    expect(
      evaluateAuthorizerPolicy(policy({ Effect: 'Allow', Action: '*', Resource: wildcard }), arn),
    ).toBe('Allow');
    expect(
      evaluateAuthorizerPolicy(
        policy({ Effect: 'Allow', Action: ['execute-api:*'], Resource: [single] }),
        arn,
      ),
    ).toBe('Allow');
  });

  it('denies when no statement names the method ARN', () => {
    const other = arn.replace('/GET/', '/POST/');

    const decision = evaluateAuthorizerPolicy(
      policy({ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: other }),
      arn,
    );

    expect(decision).toBe('Deny');
  });

  it('lets an explicit Deny win over a matching Allow', () => {
    const decision = evaluateAuthorizerPolicy(
      policy(
        { Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*' },
        {
          Effect: 'Deny',
          Action: 'execute-api:Invoke',
          Resource: `${arn.split('/GET/')[0]}/GET/*`,
        },
      ),
      arn,
    );

    expect(decision).toBe('Deny');
  });

  it('denies an Allow for another action, and a policy without statements', () => {
    expect(
      evaluateAuthorizerPolicy(
        policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }),
        arn,
      ),
    ).toBe('Deny');
    expect(evaluateAuthorizerPolicy(policy(), arn)).toBe('Deny');
    expect(evaluateAuthorizerPolicy(undefined, arn)).toBe('Deny');
  });

  it('accepts a single statement object where IAM allows one', () => {
    const single = {
      Version: '2012-10-17',
      Statement: { Effect: 'Allow', Action: 'execute-api:Invoke', Resource: arn },
    } as unknown as PolicyDocument;

    expect(evaluateAuthorizerPolicy(single, arn)).toBe('Allow');
  });
});
