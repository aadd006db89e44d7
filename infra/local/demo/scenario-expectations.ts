// Where a claim of each sandbox payer scenario ends, and the statuses it goes through on the way:
// the one table the end-to-end scenario test and `npm run demo` both check against. Keyed by the
// sandbox's own scenario names (infra/local/sandbox-payer/scenarios.ts), so a new scenario there does
// not compile until its expectation is written here.
import type { ClaimStatus } from '#shared/domain/lifecycle/claim-status';
import type { WorkQueue } from '#shared/domain/follow-up/work-queue-rules';
import {
  SCENARIOS as SANDBOX_SCENARIOS,
  type Scenario,
} from '#infra/local/sandbox-payer/scenarios';
import { isWebhookEventType, type WebhookEventType } from '#shared/webhooks/event-types';

const BEFORE: readonly ClaimStatus[] = ['RECEIVED', 'QUEUED', 'TRANSMITTED'];
const ADJUDICATED: readonly ClaimStatus[] = [...BEFORE, 'ACKNOWLEDGED', 'ACCEPTED'];

export type PayerDocument = 'ta1' | '999' | '277ca' | '835';

export interface ScenarioExpectation {
  readonly scenario: Scenario;
  /** what the subscriber member id starts with to choose the scenario */
  readonly memberIdPrefix: string;
  readonly final: ClaimStatus;
  /** the statuses the claim goes through, in order (an answer that changes nothing adds none) */
  readonly paths: readonly (readonly ClaimStatus[])[];
  /** the payer documents whose answers are in the history */
  readonly documents: readonly PayerDocument[];
  /** the follow-up work queue the claim ends in (null: none) */
  readonly queue: WorkQueue | null;
  /** several service lines: the partial payment pays the first and denies the others */
  readonly lines: 'one' | 'several';
}

type Expectation = Omit<ScenarioExpectation, 'scenario' | 'memberIdPrefix' | 'lines'> & {
  readonly lines?: 'several';
};

const EXPECTATIONS: Readonly<Record<Scenario, Expectation>> = {
  PAID: {
    final: 'PAID',
    paths: [[...ADJUDICATED, 'PAID']],
    documents: ['999', '277ca', '835'],
    queue: null,
  },
  DEDUCTIBLE: {
    final: 'PAID',
    paths: [[...ADJUDICATED, 'PAID']],
    documents: ['999', '277ca', '835'],
    queue: null,
  },
  PARTIAL: {
    final: 'PARTIALLY_PAID',
    paths: [[...ADJUDICATED, 'PARTIALLY_PAID']],
    documents: ['999', '277ca', '835'],
    queue: 'PARTIAL_PAYMENTS',
    lines: 'several',
  },
  DENIED: {
    final: 'DENIED',
    paths: [[...ADJUDICATED, 'DENIED']],
    documents: ['999', '277ca', '835'],
    queue: 'DENIALS',
  },
  MISSING_INFO: {
    final: 'DENIED',
    paths: [[...ADJUDICATED, 'DENIED']],
    documents: ['999', '277ca', '835'],
    queue: 'DENIALS',
  },
  REJECTED_277CA: {
    final: 'REJECTED',
    paths: [[...BEFORE, 'ACKNOWLEDGED', 'REJECTED']],
    documents: ['999', '277ca'],
    queue: 'REJECTIONS',
  },
  REJECTED_999: {
    final: 'REJECTED',
    // the TA1 (asked for in ISA14) accepts the interchange in the same stage as the 999 that
    // rejects the set: whichever is applied first, the claim ends REJECTED by the 999
    paths: [
      [...BEFORE, 'REJECTED'],
      [...BEFORE, 'ACKNOWLEDGED', 'REJECTED'],
    ],
    documents: ['999'],
    queue: 'REJECTIONS',
  },
  PENDED: {
    final: 'PAID',
    paths: [[...ADJUDICATED, 'PENDED', 'PAID']],
    documents: ['999', '277ca', '835'],
    queue: null,
  },
  // NO_RESPONSE membership comes from the sweeper after days, not within a demo's minute
  NO_RESPONSE: {
    final: 'ACKNOWLEDGED',
    paths: [[...BEFORE, 'ACKNOWLEDGED']],
    documents: ['999'],
    queue: null,
  },
  REVERSED: {
    final: 'PAID',
    paths: [[...ADJUDICATED, 'PAID', 'REVERSED', 'PAID']],
    documents: ['999', '277ca', '835'],
    queue: null,
  },
  DUPLICATE_FILES: {
    final: 'PAID',
    paths: [[...ADJUDICATED, 'PAID']],
    documents: ['999', '277ca', '835'],
    queue: null,
  },
  // the truncated 835 is parked, so the claim stays where the 277CA put it
  MALFORMED_835: {
    final: 'ACCEPTED',
    paths: [ADJUDICATED],
    documents: ['999', '277ca'],
    queue: null,
  },
};

/** A prefix no scenario starts with: the sandbox's default (paid in full). */
const DEFAULT_MEMBER_ID_PREFIX = 'MBR';

/** One expectation per sandbox scenario, in the sandbox table's order. */
export const SCENARIO_EXPECTATIONS: readonly ScenarioExpectation[] = SANDBOX_SCENARIOS.map(
  (definition) => {
    const { lines, ...expectation } = EXPECTATIONS[definition.scenario];
    return {
      scenario: definition.scenario,
      memberIdPrefix: definition.prefix ?? DEFAULT_MEMBER_ID_PREFIX,
      lines: lines ?? 'one',
      ...expectation,
    };
  },
);

/** A member id that selects the scenario: its prefix, a dash and the suffix. */
export function memberIdFor(expectation: ScenarioExpectation, suffix: string): string {
  return `${expectation.memberIdPrefix}-${suffix}`;
}

/** The statuses a history went through (events that left the status as it was add none). */
export function statusPath(events: readonly { readonly status: string }[]): string[] {
  return events.map((event) => event.status).filter((status, i, all) => status !== all[i - 1]);
}

/** The expected path the history followed, if it followed one to its end. */
export function matchedPath(
  expectation: ScenarioExpectation,
  events: readonly { readonly status: string }[],
): readonly ClaimStatus[] | undefined {
  const actual = statusPath(events).join();
  return expectation.paths.find((path) => path.join() === actual);
}

/**
 * The webhook event types a claim following the path publishes, in order (RECEIVED and QUEUED
 * have none; a status reached twice publishes twice).
 */
export function expectedWebhookTypes(path: readonly string[]): WebhookEventType[] {
  return path
    .map((status) => `claim.${status.toLowerCase()}`)
    .filter((type): type is WebhookEventType => isWebhookEventType(type));
}
