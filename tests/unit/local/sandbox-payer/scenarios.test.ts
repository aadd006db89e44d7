import { describe, expect, it } from 'vitest';
import { SCENARIOS, scenarioOf } from '#infra/local/sandbox-payer/scenarios';

describe('scenarioOf', () => {
  it('chooses the scenario by member id prefix and pays any other id', () => {
    expect(scenarioOf('SBX-DENY-0001')).toBe('DENIED');
    expect(scenarioOf('SBX-REJ999')).toBe('REJECTED_999');
    expect(scenarioOf('U1234567801')).toBe('PAID');
    expect(scenarioOf('sbx-deny-1')).toBe('PAID');
    expect(scenarioOf(undefined)).toBe('PAID');
  });

  it('has one row per scenario and no prefix twice', () => {
    const prefixes = SCENARIOS.map((definition) => definition.prefix);

    expect(new Set(SCENARIOS.map((definition) => definition.scenario)).size).toBe(SCENARIOS.length);
    expect(new Set(prefixes).size).toBe(prefixes.length);
  });
});
