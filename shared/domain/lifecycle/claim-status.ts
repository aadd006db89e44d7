// The claim lifecycle of docs/ARCHITECTURE.md section 3: the statuses and THE transition table. Every status
// write in the system asks `canTransition` and is a conditional write on the current status.

export const CLAIM_STATUSES = [
  'RECEIVED',
  'QUEUED',
  'TRANSMITTED',
  'TRANSMISSION_FAILED',
  'ACKNOWLEDGED',
  'REJECTED',
  'ACCEPTED',
  'PENDED',
  'PAID',
  'PARTIALLY_PAID',
  'DENIED',
  'REVERSED',
  'CORRECTED',
  'VOIDED',
] as const;

export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

const ADJUDICATED = ['PAID', 'PARTIALLY_PAID', 'DENIED', 'REVERSED'] as const;
const SUPERSEDED = ['CORRECTED', 'VOIDED'] as const;

/**
 * What may follow what. Answers can arrive late or out of order; the table encodes the
 * no-going-back rule: e.g. an 835 (PAID) may follow TRANSMITTED directly when its 999 and 277CA
 * are late, and a 277CA that arrives after the 835 is recorded in history without a transition.
 */
export const CLAIM_TRANSITIONS: Readonly<Record<ClaimStatus, readonly ClaimStatus[]>> = {
  RECEIVED: ['QUEUED', ...SUPERSEDED],
  // QUEUED -> QUEUED is not listed: a re-enqueue does not change the status
  QUEUED: ['TRANSMITTED', 'TRANSMISSION_FAILED', ...SUPERSEDED],
  TRANSMISSION_FAILED: ['QUEUED', ...SUPERSEDED],
  TRANSMITTED: ['ACKNOWLEDGED', 'REJECTED', 'ACCEPTED', 'PENDED', ...ADJUDICATED, ...SUPERSEDED],
  ACKNOWLEDGED: ['REJECTED', 'ACCEPTED', 'PENDED', ...ADJUDICATED, ...SUPERSEDED],
  ACCEPTED: ['PENDED', 'REJECTED', ...ADJUDICATED, ...SUPERSEDED],
  PENDED: ['ACCEPTED', 'REJECTED', ...ADJUDICATED, ...SUPERSEDED],
  // a rejected claim is never adjudicated: it is corrected and resubmitted as a new claim
  REJECTED: [...SUPERSEDED],
  // a payer may re-adjudicate: a reversal (CLP02 22), or a corrected payment after it
  PAID: ['REVERSED', ...SUPERSEDED],
  PARTIALLY_PAID: ['REVERSED', ...SUPERSEDED],
  DENIED: ['REVERSED', 'PAID', 'PARTIALLY_PAID', ...SUPERSEDED],
  REVERSED: ['PAID', 'PARTIALLY_PAID', 'DENIED', ...SUPERSEDED],
  CORRECTED: [],
  VOIDED: [],
};

/**
 * Where waiting for a claim ends: its payer has decided (paid, partly paid, denied, rejected) or
 * it was superseded. Clients polling a claim (and `npm run smoke`) stop here. Not the end of
 * every story: a payer may still reverse an adjudication, which leads to another final status.
 */
export const FINAL_STATUSES = [
  'PAID',
  'PARTIALLY_PAID',
  'DENIED',
  'REJECTED',
  'CORRECTED',
  'VOIDED',
] as const satisfies readonly ClaimStatus[];

export type FinalStatus = (typeof FINAL_STATUSES)[number];

export function isFinalStatus(status: string): status is FinalStatus {
  return (FINAL_STATUSES as readonly string[]).includes(status);
}

export function isClaimStatus(value: string): value is ClaimStatus {
  return (CLAIM_STATUSES as readonly string[]).includes(value);
}

export function canTransition(from: ClaimStatus, to: ClaimStatus): boolean {
  return CLAIM_TRANSITIONS[from].includes(to);
}

/** Statuses from which `to` may be reached: the condition of a conditional status write. */
export function statusesAllowedBefore(to: ClaimStatus): ClaimStatus[] {
  return CLAIM_STATUSES.filter((from) => canTransition(from, to));
}

export class IllegalTransitionError extends Error {
  readonly from: ClaimStatus;
  readonly to: ClaimStatus;
  constructor(from: ClaimStatus, to: ClaimStatus) {
    super(`a claim in ${from} cannot move to ${to}`);
    this.name = 'IllegalTransitionError';
    this.from = from;
    this.to = to;
  }
}
