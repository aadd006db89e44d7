// The smoke test's URLs: paths and links joined under the base URL and its API Gateway stage.
import { describe, expect, it } from 'vitest';
import { isLoopback, resolveApiUrl } from '#infra/deploy/smoke-api';

const deployed = 'https://abc123.execute-api.us-east-1.amazonaws.com/prod';

describe('resolveApiUrl', () => {
  it('puts a path under the stage of the base URL, with or without a trailing slash', () => {
    expect(resolveApiUrl(deployed, '/v1/health')).toBe(`${deployed}/v1/health`);
    expect(resolveApiUrl(`${deployed}/`, '/v1/health')).toBe(`${deployed}/v1/health`);
    expect(resolveApiUrl(deployed, 'v1/claims/clm_1')).toBe(`${deployed}/v1/claims/clm_1`);
  });

  it('joins a path to a base URL without a stage (npm start, a custom domain)', () => {
    expect(resolveApiUrl('http://localhost:3000', '/v1/health')).toBe(
      'http://localhost:3000/v1/health',
    );
    expect(resolveApiUrl('http://localhost:3000/', '/v1/webhooks/wh_1')).toBe(
      'http://localhost:3000/v1/webhooks/wh_1',
    );
  });

  it('takes an absolute link as it is and does not repeat a stage a link already has', () => {
    const link = 'https://api.example.com/v1/claims/clm_1/events';
    expect(resolveApiUrl(deployed, link)).toBe(link);
    expect(resolveApiUrl(deployed, '/prod/v1/claims/clm_1')).toBe(`${deployed}/v1/claims/clm_1`);
    // a path that merely starts with the same letters is not the stage
    expect(resolveApiUrl(deployed, '/production/x')).toBe(`${deployed}/production/x`);
  });

  it('keeps the query of a path', () => {
    expect(resolveApiUrl(deployed, '/v1/claims?limit=1')).toBe(`${deployed}/v1/claims?limit=1`);
  });
});

describe('isLoopback', () => {
  it('tells this machine from a deployment', () => {
    expect(isLoopback('http://localhost:3000')).toBe(true);
    expect(isLoopback('http://127.0.0.1:3000')).toBe(true);
    expect(isLoopback('http://[::1]:3000')).toBe(true);
    expect(isLoopback(deployed)).toBe(false);
    expect(isLoopback('http://localhost.example.com')).toBe(false);
  });
});
