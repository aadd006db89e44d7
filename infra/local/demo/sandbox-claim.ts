// A professional claim that chooses a sandbox payer scenario: one of our own fixtures
// (tests/fixtures/claims) with the scenario's member id. Shared by `npm run demo` and
// `npm run smoke` (infra/deploy/smoke.ts), so both send what the sandbox's table documents.
import { readFile } from 'node:fs/promises';
import { memberIdFor, type ScenarioExpectation } from './scenario-expectations.ts';

/** The claim JSON for `POST /v1/claims/professional`; `suffix` makes the member id unique. */
export async function sandboxClaim(
  expectation: ScenarioExpectation,
  suffix: string,
): Promise<unknown> {
  const fixture = expectation.lines === 'several' ? 'professional-full' : 'professional-minimal';
  const url = new URL(`../../../tests/fixtures/claims/${fixture}.json`, import.meta.url);
  const claim = JSON.parse(await readFile(url, 'utf8')) as {
    subscriber: { memberId: string };
    claimInformation: { patientControlNumber?: string };
  };
  claim.subscriber.memberId = memberIdFor(expectation, suffix);
  // the service assigns each claim its own patient control number (what 835s match on)
  delete claim.claimInformation.patientControlNumber;
  return claim;
}
