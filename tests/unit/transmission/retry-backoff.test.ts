import { describe, expect, it } from 'vitest';
import { backoffSeconds, TRANSMIT_BACKOFF } from '#shared/transmission/retry-backoff';

describe('backoffSeconds', () => {
  const noJitter = () => 0;

  it('doubles from the base with each receive and stops at the cap', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 8].map((count) =>
      backoffSeconds(count, TRANSMIT_BACKOFF, noJitter),
    );

    expect(delays).toEqual([30, 60, 120, 240, 480, 960, 1800, 1800]);
  });

  it('shortens a delay by at most the jitter share', () => {
    expect(backoffSeconds(3, TRANSMIT_BACKOFF, () => 1)).toBe(96);
    expect(backoffSeconds(3, TRANSMIT_BACKOFF, () => 0.5)).toBe(108);
  });

  it('never exceeds the 12 hours SQS allows, whatever the policy and count', () => {
    const policy = { baseSeconds: 3600, maxSeconds: 10 ** 9, jitter: 0 };

    expect(backoffSeconds(40, policy)).toBe(12 * 60 * 60);
    expect(backoffSeconds(0, policy)).toBe(3600);
  });
});
