// When a failed delivery is tried again: the Standard Webhooks reference schedule. Eight attempts
// (the first at once, then after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h), about 27.6 hours
// in all, so a receiver that is down for a whole day still gets the event.
export const DEFAULT_RETRY_DELAYS_SECONDS: readonly number[] = [
  5,
  5 * 60,
  30 * 60,
  2 * 60 * 60,
  5 * 60 * 60,
  10 * 60 * 60,
  10 * 60 * 60,
];

/** The delay before attempt `attempt + 1` after attempt `attempt` failed; undefined: give up. */
export function retryDelaySeconds(
  attempt: number,
  delays: readonly number[] = DEFAULT_RETRY_DELAYS_SECONDS,
): number | undefined {
  return delays[attempt - 1];
}

export function totalRetrySeconds(
  delays: readonly number[] = DEFAULT_RETRY_DELAYS_SECONDS,
): number {
  return delays.reduce((sum, delay) => sum + delay, 0);
}
