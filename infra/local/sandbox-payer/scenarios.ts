// The sandbox payer's one scenario table: the subscriber member id of a claim (2010BA NM109,
// `subscriber.memberId` in the claim JSON) chooses how the sandbox answers it. Prefixes are
// matched case-sensitively, longest first, so a test value reads like what it does:
// `SBX-DENY-0001`. Any other member id is paid in full with a CO-45 contractual adjustment.
// README.md in this folder documents each scenario with the files it produces.

export type Scenario =
  | 'PAID'
  | 'DEDUCTIBLE'
  | 'PARTIAL'
  | 'DENIED'
  | 'MISSING_INFO'
  | 'REJECTED_277CA'
  | 'REJECTED_999'
  | 'PENDED'
  | 'NO_RESPONSE'
  | 'REVERSED'
  | 'DUPLICATE_FILES'
  | 'MALFORMED_835';

export interface ScenarioDefinition {
  readonly scenario: Scenario;
  /** member id prefix that selects it (null for the default) */
  readonly prefix: string | null;
  /** one line for the README and the process's startup banner */
  readonly description: string;
}

export const SCENARIOS: readonly ScenarioDefinition[] = [
  {
    scenario: 'PAID',
    prefix: null,
    description: 'paid: allowed 80% of each line, paid = allowed, CO-45 = charge - allowed',
  },
  {
    scenario: 'DEDUCTIBLE',
    prefix: 'SBX-DEDUCT',
    description: 'paid with a PR-1 deductible (up to 100.00 of the allowed amount)',
  },
  {
    scenario: 'PARTIAL',
    prefix: 'SBX-PARTIAL',
    description: 'first line paid, the other lines denied CO-96 with RARC N130',
  },
  {
    scenario: 'DENIED',
    prefix: 'SBX-DENY',
    description: 'denied (CLP02 4), every line CO-50, RARC N115',
  },
  {
    scenario: 'MISSING_INFO',
    prefix: 'SBX-MISSING',
    description: 'denied (CLP02 4), every line CO-16, RARC MA130',
  },
  {
    scenario: 'REJECTED_277CA',
    prefix: 'SBX-REJ277',
    description: '277CA rejection A7:562:85 (billing provider NPI invalid); no 835',
  },
  {
    scenario: 'REJECTED_999',
    prefix: 'SBX-REJ999',
    description: '999 rejects the transaction set (IK5 R, IK3 NM1 / IK4 NM109); nothing after',
  },
  {
    scenario: 'PENDED',
    prefix: 'SBX-PEND',
    description: '277CA A2, then an unsolicited 277 P1:20 (pended), then paid in a later 835',
  },
  {
    scenario: 'NO_RESPONSE',
    prefix: 'SBX-NORESP',
    description: '999 only: no 277CA, no 835',
  },
  {
    scenario: 'REVERSED',
    prefix: 'SBX-REVERSE',
    description:
      'paid, then a later 835 reverses it (CLP02 22, amounts negated) and pays a correction',
  },
  {
    scenario: 'DUPLICATE_FILES',
    prefix: 'SBX-DUPFILE',
    description: 'paid; every answer file carrying the claim is delivered twice under two names',
  },
  {
    scenario: 'MALFORMED_835',
    prefix: 'SBX-MALFORMED',
    description: '277CA A2, then an 835 of its own cut off mid-segment (does not parse)',
  },
];

/** Longest prefix first, so that no prefix can shadow a longer one that starts with it. */
const BY_PREFIX = SCENARIOS.filter(
  (definition): definition is ScenarioDefinition & { prefix: string } => definition.prefix !== null,
).toSorted((a, b) => b.prefix.length - a.prefix.length);

export function scenarioOf(memberId: string | undefined): Scenario {
  if (memberId === undefined) return 'PAID';
  return BY_PREFIX.find((definition) => memberId.startsWith(definition.prefix))?.scenario ?? 'PAID';
}

/** Scenarios whose answers break or duplicate a file: their claims get answer files of their own. */
export function needsOwnFiles(scenario: Scenario): boolean {
  return scenario === 'MALFORMED_835' || scenario === 'DUPLICATE_FILES';
}
