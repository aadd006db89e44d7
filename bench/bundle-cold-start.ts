// Each synthesized function bundle: its size (index.mjs, minified; the source map beside it is not
// loaded) against the 400 KB budget, and its module init time (the import Lambda's init phase
// runs, measured by infra/local/bundles/lambda-runner.ts in a fresh Node 24 per start) against
// the init of an empty ESM module in the same runner, measured in the same run.
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '#infra/app';
import { cdkContext } from '#infra/deploy/cdk-context';
import { lambdaRuntimeEnvironment } from '#infra/local/bundles/bundled-functions';
import { startLambdaContainer } from '#infra/local/bundles/lambda-container';
import {
  synthesizeFunctions,
  type SynthesizedFunction,
} from '#infra/local/bundles/synthesized-functions';

export const BUNDLE_BUDGET_BYTES = 400 * 1024;

export interface BundleMeasurement {
  readonly serviceName: string;
  readonly bytes: number;
  /** median module init, milliseconds */
  readonly initMs: number;
}

export interface BundleResult {
  readonly bundles: readonly BundleMeasurement[];
  /** median init of an empty module in the same runner: Node's own import cost */
  readonly emptyInitMs: number;
  readonly runs: number;
}

const median = (values: readonly number[]): number => {
  const sorted = values.toSorted((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

/** Values for the template's resource references: init reads them, nothing is called. */
function placeholders(fn: SynthesizedFunction): Record<string, string> {
  return Object.fromEntries(
    Object.entries(fn.environment).map(([name, value]) => [
      name,
      typeof value === 'string'
        ? value
        : name.endsWith('_URL')
          ? `https://sqs.us-east-1.amazonaws.com/000000000000/bench-${name.toLowerCase()}`
          : `bench-${name.toLowerCase().replaceAll('_', '-')}`,
    ]),
  );
}

async function initTimes(
  bundleDirectory: string,
  environment: Readonly<Record<string, string>>,
  runs: number,
): Promise<number[]> {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const container = await startLambdaContainer({
      bundleDirectory,
      exportName: 'handler',
      functionName: 'bench',
      region: 'us-east-1',
      timeoutMs: 10_000,
      memoryLimitInMB: 1024,
      environment,
    });
    times.push(container.initMs);
    await container.stop();
  }
  return times;
}

export async function measureBundles(runs: number): Promise<BundleResult> {
  const outdir = mkdtempSync(join(tmpdir(), 'bench-cdk-out-'));
  try {
    const functions = synthesizeFunctions({ outdir, context: cdkContext, createApp });
    const empty = join(outdir, 'empty');
    mkdirSync(empty);
    writeFileSync(join(empty, 'index.mjs'), 'export const handler = async () => ({});\n');
    const emptyInitMs = median(await initTimes(empty, {}, runs));
    const bundles: BundleMeasurement[] = [];
    for (const fn of functions) {
      const environment = {
        ...placeholders(fn),
        ...lambdaRuntimeEnvironment(fn, 'us-east-1'),
      };
      bundles.push({
        serviceName: fn.serviceName,
        bytes: fn.bundleBytes,
        initMs: median(await initTimes(fn.bundleDirectory, environment, runs)),
      });
    }
    return { bundles, emptyInitMs, runs };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
