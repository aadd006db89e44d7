// `npm run smoke` against `npm start`, both as an operator runs them: `tsx infra/local/start.ts`
// in a process of its own (free ports, the sandbox's stages 1 s apart), its printed API_URL and
// DEMO_API_KEY handed to `tsx infra/deploy/smoke.ts` in another. What CI proves with this file:
// the smoke passes against the local stack, step by step, and fails at health where nothing runs.
import { spawn, type ChildProcess } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { findFreePort } from '#infra/local/ports';
import { perFile } from '../support/per-file.ts';

interface Running {
  readonly child: ChildProcess;
  /** everything written to stdout and stderr so far */
  output(): string;
  readonly exited: Promise<number | null>;
}

/** Spawns in a process group of its own, so Ctrl-C can be sent to the whole of it. */
function run(args: readonly string[], env: NodeJS.ProcessEnv = {}): Running {
  const child = spawn('npx', ['tsx', ...args], {
    env: { ...process.env, ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { child, output: () => text, exited };
}

interface LocalStack {
  readonly process: Running;
  readonly apiUrl: string;
  readonly apiKey: string;
}

/** `npm start` until its Ready line; its API_URL and DEMO_API_KEY lines. */
async function startLocalStack(): Promise<LocalStack> {
  const started = run(['infra/local/start.ts'], {
    PORT: '0',
    DYNAMODB_PORT: '0',
    AWS_PORT: '0',
    SANDBOX_SFTP_PORT: '0',
    SANDBOX_DELAY_SECONDS: '1',
  });
  const deadline = Date.now() + 45_000;
  while (!started.output().includes('Ready.')) {
    if (started.child.exitCode !== null || Date.now() > deadline)
      throw new Error(`npm start did not get ready:\n${started.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const line = (name: string) => new RegExp(`^${name}=(.+)$`, 'm').exec(started.output())?.[1];
  return { process: started, apiUrl: line('API_URL') ?? '', apiKey: line('DEMO_API_KEY') ?? '' };
}

/** Ctrl-C, as a terminal sends it to the whole process group; SIGKILL if it hangs. */
async function stopLocalStack(stack: LocalStack): Promise<void> {
  const group = -(stack.process.child.pid ?? 0);
  process.kill(group, 'SIGINT');
  const timer = setTimeout(() => process.kill(group, 'SIGKILL'), 15_000);
  await stack.process.exited;
  clearTimeout(timer);
}

const stack = perFile(startLocalStack, stopLocalStack);

async function smoke(args: readonly string[]): Promise<{ code: number | null; lines: string[] }> {
  const running = run(['infra/deploy/smoke.ts', ...args]);
  const code = await running.exited;
  return { code, lines: running.output().split('\n') };
}

/** The step verdicts, without their times. */
const verdicts = (lines: readonly string[]) =>
  lines
    .filter((line) => /^(ok|skip|FAIL) /.test(line))
    .map((line) => line.replace(/ \(\d+ ms\)$/, ''));

describe('npm run smoke', () => {
  it('passes every step against npm start: health, subscription, a sandbox claim followed to PAID, its timeline, a signed webhook retried under the same id, cleanup', async () => {
    const { code, lines } = await smoke([
      '--url',
      stack.apiUrl,
      '--key',
      stack.apiKey,
      '--timeout-seconds',
      '40',
    ]);

    const output = lines.join('\n');
    expect(code, output).toBe(0);
    expect(verdicts(lines)).toEqual([
      'ok health',
      'ok subscribe',
      'ok submit',
      'ok follow',
      'ok timeline',
      'ok webhook',
      'ok cleanup',
    ]);
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}PAID after \d+\.\d s$/));
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}RECEIVED > QUEUED > .* > PAID$/));
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^ {2}claim\.paid verified .*answered 503 once, retried with the same id$/,
      ),
    );
    expect(lines.at(-2)).toBe('OK: every step passed');
    expect(output).not.toContain(stack.apiKey);

    // the subscription is gone again
    const webhooks = await fetch(`${stack.apiUrl}/v1/webhooks`, {
      headers: { 'x-api-key': stack.apiKey },
    });
    expect(((await webhooks.json()) as { items: unknown[] }).items).toEqual([]);
  }, 60_000);

  it('fails at health, exit code 1 and nothing else tried, where nothing listens', async () => {
    const port = await findFreePort();

    const { code, lines } = await smoke(['--url', `http://127.0.0.1:${port}`, '--key', 'chk_x']);

    expect(code).toBe(1);
    expect(verdicts(lines)).toEqual([
      expect.stringMatching(
        /^FAIL health: GET http:\/\/127\.0\.0\.1:\d+\/v1\/health: no answer \(ECONNREFUSED\)$/,
      ),
    ]);
  });
});
