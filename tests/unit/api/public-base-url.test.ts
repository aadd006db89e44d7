import { describe, expect, it } from 'vitest';
import { linkTo, publicBaseUrl } from '#shared/api/public-base-url';

describe('publicBaseUrl', () => {
  const executeApi = { domainName: 'abc123.execute-api.us-east-1.amazonaws.com', stage: 'prod' };

  it('puts the stage after the execute-api domain, where the default URL has it', () => {
    expect(publicBaseUrl(undefined, executeApi)).toBe(
      'https://abc123.execute-api.us-east-1.amazonaws.com/prod',
    );
    expect(
      publicBaseUrl(undefined, {
        domainName: 'abc123.execute-api.cn-north-1.amazonaws.com.cn',
        stage: 'dev',
      }),
    ).toBe('https://abc123.execute-api.cn-north-1.amazonaws.com.cn/dev');
  });

  it('prefers a configured public base URL, without its trailing slash', () => {
    expect(publicBaseUrl('https://claims.example.com/api/', executeApi)).toBe(
      'https://claims.example.com/api',
    );
    expect(publicBaseUrl('https://claims.example.com', { domainName: '127.0.0.1' })).toBe(
      'https://claims.example.com',
    );
  });

  it('keeps links relative on any other domain (custom domain, local server) or without a stage', () => {
    expect(publicBaseUrl(undefined, { domainName: 'claims.example.com', stage: 'prod' })).toBe('');
    expect(publicBaseUrl(undefined, { domainName: '127.0.0.1', stage: 'local' })).toBe('');
    expect(publicBaseUrl(undefined, { domainName: 'amazonaws.com.evil.test', stage: 'prod' })).toBe(
      '',
    );
    expect(publicBaseUrl(undefined, { domainName: executeApi.domainName })).toBe('');
    expect(publicBaseUrl(undefined, {})).toBe('');
  });
});

describe('linkTo', () => {
  it("prefixes one of the API's paths with the request's base", () => {
    expect(linkTo({ baseUrl: 'https://a.example/prod' }, '/v1/claims/clm_1')).toBe(
      'https://a.example/prod/v1/claims/clm_1',
    );
    expect(linkTo({ baseUrl: '' }, '/v1/claims/clm_1')).toBe('/v1/claims/clm_1');
  });
});
