// What Lambda runs is the synthesized bundle: this suite synthesizes the real app (cdk synth, all
// functions bundled by esbuild) and runs the whole system with every function of the template in
// its own Lambda container (infra/local/bundles) under the project's Node 24, with the template's
// environment (STAGE=cloud), on DynamoDB Local, fauxqs, the sandbox payer's SFTP server and a local
// Secrets Manager. A sandbox claim then goes from the API to PAID through the api, authorizer,
// transmit, poll, process-response and notify bundles; the sweepers are invoked by schedule events.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '#infra/app';
import { cdkContext } from '#infra/deploy/cdk-context';
import { bundledFunctions, type BundledFunctions } from '#infra/local/bundles/bundled-functions';
import { LambdaInitError, startLambdaContainer } from '#infra/local/bundles/lambda-container';
import {
  bundleSource,
  resolveEnvironment,
  synthesizeFunctions,
  type SynthesizedFunction,
} from '#infra/local/bundles/synthesized-functions';
import { lambdaRuntimeEnvironment } from '#infra/local/bundles/bundled-functions';
import type { LocalSystemOptions } from '#infra/local/system';
import { createDynamoDbClients } from '#shared/storage/aws-clients';
import { WebhookRepository } from '#shared/storage/dynamodb/webhook-repository';
import {
  eventually,
  startTestSystem,
  submitForMember,
  type TestSystem,
} from '../support/local-system.ts';

const region = 'us-east-1';
let outdir: string;
let functions: SynthesizedFunction[];
let running: BundledFunctions | undefined;
let test: TestSystem;

/** The local system's functions, remembered so the suite can reach the containers. */
function keepingContainers(
  factory: ReturnType<typeof bundledFunctions>,
): NonNullable<LocalSystemOptions['functions']> {
  return async (environment) => {
    running = await factory(environment);
    return running;
  };
}

function container(name: string) {
  const found = running?.containers.get(name);
  if (found === undefined) throw new Error(`no container for ${name}`);
  return found;
}

const scheduledEvent = (name: string) => ({
  version: '0',
  id: '9f1c2d1e-0000-4000-8000-000000000000',
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: '000000000000',
  time: new Date().toISOString(),
  region,
  resources: [`arn:aws:events:${region}:000000000000:rule/${name}`],
  detail: {},
});

beforeAll(async () => {
  outdir = await mkdtemp(path.join(tmpdir(), 'cdk-out-'));
  functions = synthesizeFunctions({ outdir, context: cdkContext, createApp });
  test = await startTestSystem({
    name: 'Bundles Billing',
    tenantId: 'ten_bundles',
    sandboxDelaySeconds: 0,
    pollEveryMs: 1_000,
    functions: keepingContainers(bundledFunctions(functions, { region })),
  });
}, 240_000);

afterAll(async () => {
  await test?.stop();
  await rm(outdir, { recursive: true, force: true });
});

describe('the synthesized bundles', () => {
  it('are one per Lambda of the template, each for nodejs24.x, run here by Node 24', () => {
    expect(process.version).toMatch(/^v24\./);
    expect(functions.map((fn) => fn.serviceName).toSorted()).toEqual(
      [...(running?.containers.keys() ?? [])].toSorted(),
    );
    expect(functions.length).toBeGreaterThanOrEqual(8);
    for (const fn of functions) expect(fn.runtime).toBe('nodejs24.x');
  });

  it('load in their init phase without error, and report how long it took', () => {
    for (const fn of functions) {
      const { initMs, starts } = container(fn.serviceName);
      expect(initMs, fn.serviceName).toBeGreaterThan(0);
      expect(starts, fn.serviceName).toBe(1);
    }
  });

  it('hold no test code and no local-only module (sandbox payer, SFTP server, local runtime)', () => {
    for (const fn of functions) {
      const source = bundleSource(fn);
      // string literals survive minification: vitest's globals, the sandbox scenarios' member id
      // prefixes, the local engines' names, the test SFTP server's own error text
      const markers = [
        '__vitest_',
        'SBX-DENY',
        'DynamoDBLocal',
        'fauxqs',
        'an SFTP username must be a safe folder name',
      ];
      for (const marker of markers)
        expect(source.includes(marker), `${fn.serviceName} holds ${marker}`).toBe(false);
    }
  });

  it('are minified ESM with the createRequire banner and the source map beside them', () => {
    for (const fn of functions) {
      const source = bundleSource(fn);
      expect(source.startsWith('import { createRequire as __createRequire }'), fn.serviceName).toBe(
        true,
      );
      expect(source.includes('sourceMappingURL=data:'), fn.serviceName).toBe(false);
      expect(existsSync(path.join(fn.bundleDirectory, 'index.mjs.map')), fn.serviceName).toBe(true);
      expect(source.length / source.split('\n').length, fn.serviceName).toBeGreaterThan(1000);
    }
  });

  it('take credentials from the environment only (no STS, SSO or profile providers inside)', () => {
    for (const fn of functions) {
      const source = bundleSource(fn);
      expect(source.includes('AWS_ACCESS_KEY_ID'), fn.serviceName).toBe(true);
      for (const marker of [
        'AWS_WEB_IDENTITY_TOKEN_FILE',
        'sso_start_url',
        'AWS_CONTAINER_CREDENTIALS',
      ])
        expect(source.includes(marker), `${fn.serviceName} holds ${marker}`).toBe(false);
    }
  });

  it('answer the health check through the api bundle, every dependency reached', async () => {
    const response = await fetch(`${test.system.apiUrl}/v1/health`);
    expect(response.status).toBe(200);
    const health = (await response.json()) as { status: string; checks: Record<string, unknown> };
    expect(health.status).toBe('ok');
    expect(Object.keys(health.checks).length).toBeGreaterThan(0);
  });

  it('refuse an unknown API key through the authorizer bundle', async () => {
    const response = await fetch(`${test.system.apiUrl}/v1/claims`, {
      headers: { 'x-api-key': 'ck_not_a_key' },
    });
    expect(response.status).toBe(401);
  });

  it('take a sandbox claim from submission to PAID: api, transmit, poll, process-response', async () => {
    const claimId = await submitForMember(test, 'BUNDLE-PAID-1');
    const paid = await eventually(async () => {
      const claim = (await (await test.api('GET', `/v1/claims/${claimId}`)).json()) as {
        status: string;
      };
      return claim.status === 'PAID' ? claim : undefined;
    }, 90_000);
    expect(paid.status).toBe('PAID');
    const events = (await (await test.api('GET', `/v1/claims/${claimId}/events`)).json()) as {
      events: { status: string }[];
    };
    const statuses = events.events.map((event) => event.status);
    for (const status of ['RECEIVED', 'QUEUED', 'TRANSMITTED', 'ACKNOWLEDGED', 'ACCEPTED', 'PAID'])
      expect(statuses).toContain(status);
  }, 120_000);

  it('deliver status changes through the notify bundle under the cloud URL policy', async () => {
    // the cloud stage delivers to public https receivers only: this one is refused, and logged
    const { documents } = createDynamoDbClients({
      AWS_REGION: region,
      DYNAMODB_ENDPOINT: test.system.environment.DYNAMODB_ENDPOINT,
    });
    const webhooks = new WebhookRepository({
      documents,
      tableName: test.system.resources.table.name,
    });
    const now = new Date().toISOString();
    await webhooks.createSubscription({
      tenantId: test.tenantId,
      webhookId: 'wh_bundles',
      url: 'https://127.0.0.1:9/hooks',
      events: ['claim.paid'],
      secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      enabled: true,
      createdAt: now,
      updatedAt: now,
    });
    await submitForMember(test, 'BUNDLE-PAID-2');
    const attempts = await eventually(async () => {
      const response = await test.api('GET', '/v1/webhooks/wh_bundles/deliveries');
      const page = (await response.json()) as {
        items?: { eventType: string; log: { error?: string }[] }[];
      };
      const delivery = page.items?.find((item) => item.eventType === 'claim.paid');
      return delivery && delivery.log.length > 0 ? delivery.log : undefined;
    }, 90_000);
    expect(attempts[0]?.error).toMatch(/refused/);
  }, 120_000);

  it('run the requeue and no-response sweepers on a schedule event', async () => {
    const requeued = (await container('requeue-sweeper').invoke(
      scheduledEvent('requeue-sweeper'),
    )) as Record<string, unknown>;
    expect(requeued).toMatchObject({ tenants: expect.any(Number) as number });
    const noResponse = (await container('no-response-sweeper').invoke(
      scheduledEvent('no-response-sweeper'),
    )) as Record<string, unknown>;
    expect(noResponse).toBeDefined();
  });

  it('fail at init with one line naming a missing variable, for every function', async () => {
    for (const fn of functions) {
      const environment = {
        ...resolveEnvironment(fn, test.system.environment),
        ...lambdaRuntimeEnvironment(fn, region),
      };
      delete environment.TABLE_NAME;
      const attempt = startLambdaContainer({
        bundleDirectory: fn.bundleDirectory,
        exportName: fn.exportName,
        functionName: fn.serviceName,
        region,
        timeoutMs: 5_000,
        memoryLimitInMB: fn.memorySize,
        environment,
      });
      await expect(attempt, fn.serviceName).rejects.toThrow(LambdaInitError);
      await expect(attempt, fn.serviceName).rejects.toThrow(
        /failed at init: ConfigurationError: Invalid configuration: TABLE_NAME is required$/,
      );
    }
  }, 60_000);
});
