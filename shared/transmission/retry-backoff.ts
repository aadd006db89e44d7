// How long a transmit message waits before its next try when the payer (or anything else) failed:
// exponential in the receive count, capped, with jitter so that the messages of one outage do not
// all come back in the same second.

export interface BackoffPolicy {
  /** delay after the first failed receive */
  readonly baseSeconds: number;
  readonly maxSeconds: number;
  /** 0..1: the delay is drawn from [d x (1 - jitter), d] */
  readonly jitter: number;
}

/**
 * 30 s, 1, 2, 4, 8, 16 min, then 30 min: with the transmit queue's 8 receives, a payer may be down
 * for about an hour before its claims become TRANSMISSION_FAILED.
 */
export const TRANSMIT_BACKOFF: BackoffPolicy = { baseSeconds: 30, maxSeconds: 1800, jitter: 0.2 };

/** SQS allows at most 12 hours of visibility timeout. */
const SQS_MAX_VISIBILITY_SECONDS = 12 * 60 * 60;

export function backoffSeconds(
  receiveCount: number,
  policy: BackoffPolicy = TRANSMIT_BACKOFF,
  random: () => number = Math.random,
): number {
  const exponent = Math.max(0, Math.min(receiveCount - 1, 30));
  const full = Math.min(policy.maxSeconds, policy.baseSeconds * 2 ** exponent);
  const jittered = full * (1 - policy.jitter * random());
  return Math.min(SQS_MAX_VISIBILITY_SECONDS, Math.max(0, Math.round(jittered)));
}
