// The follow-up work queues of docs/ARCHITECTURE.md section 3, in one rule table: which status puts a claim in
// which queue, which reason codes suggest which next action, what is at stake and how urgent it is.
// Storage (shared/storage) turns these into sparse gsi3 keys in the same write as the status.
import type { ClaimStatus } from '#shared/domain/lifecycle/claim-status';
import { centsOrZero } from '#shared/domain/money/cents';

export const WORK_QUEUES = [
  'REJECTIONS',
  'DENIALS',
  'PARTIAL_PAYMENTS',
  'NO_RESPONSE',
  'TRANSMISSION_ERRORS',
  'UNMATCHED_RESPONSES',
] as const;

export type WorkQueue = (typeof WORK_QUEUES)[number];

export function isWorkQueue(value: string): value is WorkQueue {
  return (WORK_QUEUES as readonly string[]).includes(value);
}

/**
 * The queue a status puts a claim in. NO_RESPONSE is not here: it is a membership the sweeper
 * gives to claims that keep a waiting status too long (see NO_RESPONSE_RULES), and
 * UNMATCHED_RESPONSES holds answers, not claims.
 */
export const QUEUE_OF_STATUS: Readonly<Partial<Record<ClaimStatus, WorkQueue>>> = {
  REJECTED: 'REJECTIONS',
  DENIED: 'DENIALS',
  PARTIALLY_PAID: 'PARTIAL_PAYMENTS',
  TRANSMISSION_FAILED: 'TRANSMISSION_ERRORS',
};

export function queueOfStatus(status: ClaimStatus): WorkQueue | undefined {
  return QUEUE_OF_STATUS[status];
}

/**
 * Waiting statuses and the answer they wait for: still TRANSMITTED or ACKNOWLEDGED after the
 * connection's claimAcknowledgment days (no 277CA), or not adjudicated after its remittance days
 * (no 835). Any status write moves the claim out (the new status has no queue, or its own).
 */
export const NO_RESPONSE_RULES: Readonly<
  Partial<Record<ClaimStatus, 'claimAcknowledgment' | 'remittance'>>
> = {
  TRANSMITTED: 'claimAcknowledgment',
  ACKNOWLEDGED: 'claimAcknowledgment',
  ACCEPTED: 'remittance',
  PENDED: 'remittance',
};

/** Default days of docs/ARCHITECTURE.md section 3 when a claim's payer has no connection. */
export const DEFAULT_EXPECTED_ANSWER_DAYS = { claimAcknowledgment: 7, remittance: 30 } as const;

export const NEXT_ACTIONS = [
  'correct and resubmit',
  'appeal',
  'check eligibility',
  'get authorization',
  'ask the patient',
  'write off',
  // beyond the five actions of the original design: what a person does for NO_RESPONSE and UNMATCHED_RESPONSES items
  'check status with the payer',
  'find the claim',
] as const;

export type NextAction = (typeof NEXT_ACTIONS)[number];

/** A code as the history stores it (CARC, RARC, STC "category:status", IK5 ...). */
export interface ReasonCode {
  readonly type: string;
  readonly code: string;
  readonly group?: string;
}

const CARC_ACTIONS: Readonly<Record<string, NextAction>> = {
  '4': 'correct and resubmit',
  '5': 'correct and resubmit',
  '11': 'correct and resubmit',
  '16': 'correct and resubmit',
  '18': 'write off', // a duplicate: the original is being processed
  '22': 'ask the patient', // other coverage: the patient knows the primary payer
  '23': 'ask the patient',
  '24': 'write off',
  '27': 'check eligibility',
  '29': 'write off', // timely filing; appeal only with proof of timely submission
  '31': 'check eligibility',
  '45': 'write off',
  '50': 'appeal',
  '96': 'ask the patient', // not covered: usually billable to the patient
  '97': 'write off',
  '109': 'check eligibility',
  '119': 'ask the patient',
  '151': 'appeal',
  '197': 'get authorization',
  '204': 'check eligibility',
  '242': 'appeal',
  '253': 'write off',
};

const RARC_ACTIONS: Readonly<Record<string, NextAction>> = {
  M15: 'appeal',
  M20: 'correct and resubmit',
  M76: 'correct and resubmit',
  M77: 'correct and resubmit',
  MA04: 'ask the patient',
  MA130: 'correct and resubmit',
  N4: 'ask the patient',
  N30: 'check eligibility',
  N290: 'correct and resubmit',
};

/** 277CA categories (STC01-1): rejections are fixed and resubmitted, "not found" is eligibility. */
const CATEGORY_ACTIONS: Readonly<Record<string, NextAction>> = {
  A3: 'correct and resubmit',
  A4: 'check eligibility',
  A6: 'correct and resubmit',
  A7: 'correct and resubmit',
  A8: 'correct and resubmit',
};

const DEFAULT_ACTION: Readonly<Record<WorkQueue, NextAction>> = {
  REJECTIONS: 'correct and resubmit',
  DENIALS: 'appeal',
  PARTIAL_PAYMENTS: 'appeal',
  NO_RESPONSE: 'check status with the payer',
  TRANSMISSION_ERRORS: 'correct and resubmit',
  UNMATCHED_RESPONSES: 'find the claim',
};

function actionOfCode(code: ReasonCode): NextAction | undefined {
  switch (code.type) {
    case 'CARC':
      // patient responsibility (PR) is not what went wrong: it explains, never decides
      return code.group === 'PR' ? undefined : CARC_ACTIONS[code.code];
    case 'RARC':
      return RARC_ACTIONS[code.code];
    case 'STC':
      return CATEGORY_ACTIONS[code.code.split(':')[0] ?? ''];
    default:
      return undefined;
  }
}

/**
 * The suggested next action: the first adjustment reason (outside PR) with a rule, then the
 * first remark, then the first 277CA category; the queue's default when no code decides.
 */
export function suggestedAction(queue: WorkQueue, codes: readonly ReasonCode[]): NextAction {
  for (const type of ['CARC', 'RARC', 'STC']) {
    for (const code of codes) {
      if (code.type !== type) continue;
      const action = actionOfCode(code);
      if (action !== undefined) return action;
    }
  }
  return DEFAULT_ACTION[queue];
}

/** The codes a queue item shows: the ones that explain a problem (at most 10, to stay small). */
export function reasonCodesOf(codes: readonly ReasonCode[]): ReasonCode[] {
  const kept = codes.filter((code) => code.type !== 'CLP02' && code.type !== 'AK901');
  return kept.slice(0, 10);
}

/**
 * What is at stake, in cents: what the payer did not pay and the patient does not owe. Nothing
 * paid yet (rejections, denials, no response, transmission errors): the whole charge.
 */
export function amountAtStakeCents(
  queue: WorkQueue,
  amounts: { charge?: string; paid?: string; patientResponsibility?: string },
): number {
  const charge = centsOrZero(amounts.charge);
  if (queue !== 'PARTIAL_PAYMENTS') return Math.abs(charge);
  const open = charge - centsOrZero(amounts.paid) - centsOrZero(amounts.patientResponsibility);
  return Math.max(0, open);
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Age in whole days since `since` (the claim's submission; an unmatched answer's receipt). */
export function ageDays(since: string, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - Date.parse(since)) / DAY_MS));
}

/**
 * Priority = amount at stake (dollars) x age (days, at least 1 so a new item still ranks by
 * amount). It grows with time, so it is computed when read, never stored.
 */
export function priorityOf(amountCents: number, since: string, now: Date): number {
  return Math.round((amountCents / 100) * Math.max(1, ageDays(since, now)) * 100) / 100;
}

/**
 * The amount band of the queue index's sort key: floor(log2(dollars + 1)), 0 to 40, stored
 * inverted so bigger amounts sort first. Inside a band (amounts within 2x of each other) items
 * sort oldest first. See shared/storage/README.md for why priority itself cannot be a sort key.
 */
export function amountBand(amountCents: number): number {
  return Math.min(40, Math.floor(Math.log2(Math.max(0, amountCents) / 100 + 1)));
}
