// Loads the shared claim fixtures as fresh, mutable copies for each test.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests mutate fixtures at arbitrary depth

export type ClaimFixtureName =
  'professional-full' | 'professional-minimal' | 'institutional-full' | 'institutional-minimal';

const cache = new Map<ClaimFixtureName, string>();

export function loadClaimFixture(name: ClaimFixtureName): Json {
  let text = cache.get(name);
  if (text === undefined) {
    const url = new URL(`../../../fixtures/claims/${name}.json`, import.meta.url);
    text = readFileSync(fileURLToPath(url), 'utf8');
    cache.set(name, text);
  }
  return JSON.parse(text) as Json;
}

/** The day the fixtures' dates are checked against: after every fixture date. */
export const FIXTURE_TODAY = '2025-06-30';
