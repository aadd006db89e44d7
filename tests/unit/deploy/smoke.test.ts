// `npm run smoke`'s command line: defaults, the key from SMOKE_API_KEY, and every problem at once
// without echoing the key.
import { describe, expect, it } from 'vitest';
import { parseSmokeArguments, SmokeUsageError } from '#infra/deploy/smoke';

describe('parseSmokeArguments', () => {
  it('reads the URL and key, with a 180 s timeout, a free port and no skipping by default', () => {
    expect(parseSmokeArguments(['--url', 'http://localhost:3000', '--key', 'chk_1'], {})).toEqual({
      url: 'http://localhost:3000',
      key: 'chk_1',
      timeoutSeconds: 180,
      webhookPort: 0,
      allowSkipWebhook: false,
    });
  });

  it('takes the key from SMOKE_API_KEY and the webhook options from the command line', () => {
    const options = parseSmokeArguments(
      [
        '--url',
        'https://abc.execute-api.us-east-1.amazonaws.com/prod',
        '--webhook-public-url',
        'https://hooks.example.com/smoke',
        '--webhook-port',
        '8787',
        '--timeout-seconds',
        '300',
        '--allow-skip-webhook',
      ],
      { SMOKE_API_KEY: 'chk_2' },
    );
    expect(options).toMatchObject({
      key: 'chk_2',
      webhookPublicUrl: 'https://hooks.example.com/smoke',
      webhookPort: 8787,
      timeoutSeconds: 300,
      allowSkipWebhook: true,
    });
  });

  it('lists every problem at once, by flag, never quoting the key', () => {
    const secret = 'chk_do_not_print';
    let thrown: unknown;
    try {
      parseSmokeArguments(['--url', 'ftp://x', '--key', secret, '--webhook-port', '70000'], {});
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SmokeUsageError);
    const problems = (thrown as SmokeUsageError).problems;
    expect(problems.map((problem) => problem.split(':')[0])).toEqual(['--url', '--webhook-port']);
    expect(problems.join(' ')).not.toContain(secret);
    expect(() => parseSmokeArguments(['--url', 'http://localhost:3000', '--unknown'], {})).toThrow(
      SmokeUsageError,
    );
  });
});
