// Test helper: claim fixtures (files we wrote ourselves, in tests/fixtures/claims).
import { readFileSync } from 'node:fs';

export type FixtureName =
  'professional-full' | 'professional-minimal' | 'institutional-full' | 'institutional-minimal';

export function claimFixture(name: FixtureName): Record<string, unknown> {
  const url = new URL(`../fixtures/claims/${name}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as Record<string, unknown>;
}
