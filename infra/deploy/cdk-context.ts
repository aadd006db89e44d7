// The CDK context of cdk.json (feature flags and the `clearinghouse` deployment settings): what
// `cdk synth` reads, for code that builds the app itself (tests, the local bundle runtime).
import { readFileSync } from 'node:fs';

interface CdkJson {
  readonly context: Record<string, unknown>;
}

export const cdkContext: Readonly<Record<string, unknown>> = (
  JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as CdkJson
).context;
