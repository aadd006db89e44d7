// Test helper for end-to-end suites: the whole local system (same wiring as `npm start`) on the
// shared engines of the global setup, with its own resources, a sandbox payer in a temp folder,
// and one tenant with an API key and a sandbox connection.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, inject } from 'vitest';
import { startLocalSystem, type LocalSystem, type LocalSystemOptions } from '#infra/local/system';
import { claimFixture } from './claims.ts';
import { perFile } from './per-file.ts';

export interface TestSystem {
  readonly system: LocalSystem;
  /** the sandbox payer's folder (its SFTP users' mailboxes are under sftp/) */
  readonly dataDir: string;
  readonly apiKey: string;
  readonly tenantId: string;
  /** an authenticated call to the API */
  api(method: string, route: string, body?: unknown): Promise<Response>;
  stop(): Promise<void>;
}

export interface TestSystemOptions {
  readonly name: string;
  readonly tenantId: string;
  readonly sandboxDelaySeconds: number;
  readonly pollEveryMs?: LocalSystemOptions['pollEveryMs'];
  /** what runs the functions (default the source handlers) */
  readonly functions?: LocalSystemOptions['functions'];
}

/**
 * The local system on the shared engines of the global setup, on free ports, with resources of
 * its own (a random suffix) and no log output; `options` add to or override that.
 */
export function startSystemOnSharedEngines(
  options: Partial<LocalSystemOptions> = {},
): Promise<LocalSystem> {
  return startLocalSystem({
    port: 0,
    dynamoPort: 0,
    awsPort: 0,
    dynamoEndpoint: inject('dynamoEndpoint'),
    awsEndpoint: inject('awsEndpoint'),
    suffix: '-' + randomBytes(4).toString('hex'),
    logger: { info: () => undefined, error: () => undefined },
    ...options,
  });
}

export async function startTestSystem(options: TestSystemOptions): Promise<TestSystem> {
  const dataDir = await mkdtemp(path.join(tmpdir(), `${options.tenantId}-`));
  const system = await startSystemOnSharedEngines({
    sandbox: { port: 0, dataDir, delaySeconds: options.sandboxDelaySeconds },
    ...(options.pollEveryMs !== undefined ? { pollEveryMs: options.pollEveryMs } : {}),
    ...(options.functions ? { functions: options.functions } : {}),
  });
  const { apiKey, tenantId } = await system.addTenant(options.name, options.tenantId);
  return {
    system,
    dataDir,
    apiKey,
    tenantId,
    api: (method, route, body) =>
      fetch(`${system.apiUrl}${route}`, {
        method,
        headers: {
          'x-api-key': apiKey,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    async stop() {
      await system.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The test system of a suite file, started before its first test and stopped after its last. */
export function testSystemPerFile(options: TestSystemOptions): TestSystem {
  return perFile(
    () => startTestSystem(options),
    (test) => test.stop(),
  );
}

/** Submits a professional claim and answers its id (the answer must be 202). */
export async function submitProfessional(test: TestSystem, claim: unknown): Promise<string> {
  const response = await test.api('POST', '/v1/claims/professional', claim);
  expect(response.status).toBe(202);
  return ((await response.json()) as { claimId: string }).claimId;
}

/** Submits the minimal professional claim for a subscriber member id (it picks the sandbox scenario). */
export async function submitForMember(test: TestSystem, memberId: string): Promise<string> {
  const claim = claimFixture('professional-minimal') as { subscriber: { memberId: string } };
  claim.subscriber.memberId = memberId;
  return submitProfessional(test, claim);
}

/** Polls until the probe answers something, or fails after the timeout. */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs = 45_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
