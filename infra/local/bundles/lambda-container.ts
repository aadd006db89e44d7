// A synthesized function bundle running as Lambda runs it, on this machine: a child `node` (the
// project's Node 24) with exactly the function's environment (nothing inherited from this
// process), the module loaded once, invocations one at a time, the timeout enforced by ending the
// container (the next invocation starts a new one, as Lambda does after a timeout or a crash).
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { InvokeMessage, RunnerMessage } from './lambda-runner.ts';

const runner = fileURLToPath(new URL('./lambda-runner.ts', import.meta.url));

export interface LambdaContainerOptions {
  /** the asset directory holding index.mjs (and its source map) */
  readonly bundleDirectory: string;
  /** the exported handler (the template's `index.handler` -> `handler`) */
  readonly exportName: string;
  readonly functionName: string;
  readonly region: string;
  readonly timeoutMs: number;
  readonly memoryLimitInMB: number;
  /** the whole environment of the function: the template's variables and the runtime's */
  readonly environment: Readonly<Record<string, string>>;
}

export class LambdaInitError extends Error {
  constructor(functionName: string, cause: { name: string; message: string }) {
    super(`${functionName} failed at init: ${cause.name}: ${cause.message}`);
    this.name = 'LambdaInitError';
  }
}

/** A failed invocation, as Lambda reports it: errorType (name) and errorMessage (message). */
export class LambdaInvocationError extends Error {
  readonly functionName: string;
  constructor(functionName: string, cause: { name: string; message: string }) {
    super(cause.message);
    this.name = cause.name;
    this.functionName = functionName;
  }
}

export interface LambdaContainer {
  /** the module import of the current container (its init phase), in milliseconds */
  readonly initMs: number;
  /** how many containers were started (1, plus one after each timeout or crash) */
  readonly starts: number;
  /** the function's log lines (stdout and stderr), oldest first */
  readonly output: readonly string[];
  invoke(event: unknown): Promise<unknown>;
  stop(): Promise<void>;
}

interface RunningChild {
  readonly child: ChildProcess;
  readonly initMs: number;
}

/** Starts the container and waits for its init phase; rejects with a LambdaInitError. */
export async function startLambdaContainer(
  options: LambdaContainerOptions,
): Promise<LambdaContainer> {
  const output: string[] = [];
  let starts = 0;
  let current: RunningChild | undefined;
  let next = 0;
  let queue: Promise<unknown> = Promise.resolve();

  const start = (): Promise<RunningChild> => {
    starts++;
    const child = fork(runner, [options.bundleDirectory, options.exportName], {
      execPath: process.execPath,
      execArgv: [], // no loader of this process (tsx): the runtime runs plain JavaScript
      env: { ...options.environment },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    for (const stream of [child.stdout, child.stderr])
      stream?.on('data', (chunk: Buffer) =>
        output.push(...chunk.toString().split('\n').filter(Boolean)),
      );
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) =>
        reject(
          new LambdaInitError(options.functionName, {
            name: 'Runtime.ExitError',
            message: `exited with ${String(code)} before init completed: ${output.slice(-3).join(' | ')}`,
          }),
        );
      child.once('exit', onExit);
      child.once('message', (message: RunnerMessage) => {
        child.off('exit', onExit);
        if (message.kind === 'ready') resolve({ child, initMs: message.initMs });
        else if (message.kind === 'init-error') {
          child.kill();
          reject(new LambdaInitError(options.functionName, message.error));
        }
      });
    });
  };

  const invokeOnce = async (event: unknown): Promise<unknown> => {
    current ??= await start();
    const { child } = current;
    const id = ++next;
    const message: InvokeMessage = {
      kind: 'invoke',
      id,
      event,
      functionName: options.functionName,
      region: options.region,
      timeoutMs: options.timeoutMs,
      memoryLimitInMB: options.memoryLimitInMB,
      traceId: `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(12).toString('hex')};Parent=${randomBytes(8).toString('hex')};Sampled=0`,
    };
    return await new Promise((resolve, reject) => {
      const end = (error: Error) => {
        cleanup();
        current = undefined;
        child.kill();
        reject(error);
      };
      const timer = setTimeout(
        () =>
          end(
            new LambdaInvocationError(options.functionName, {
              name: 'Sandbox.Timedout',
              message: `Task timed out after ${(options.timeoutMs / 1000).toFixed(2)} seconds`,
            }),
          ),
        options.timeoutMs,
      );
      const onExit = (code: number | null) =>
        end(
          new LambdaInvocationError(options.functionName, {
            name: 'Runtime.ExitError',
            message: `the runtime exited with ${String(code)} during the invocation`,
          }),
        );
      const onMessage = (answer: RunnerMessage) => {
        if (!('id' in answer) || answer.id !== id) return;
        cleanup();
        if (answer.kind === 'result') resolve(answer.result);
        else reject(new LambdaInvocationError(options.functionName, answer.error));
      };
      const cleanup = () => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
      };
      child.on('message', onMessage);
      child.once('exit', onExit);
      child.send(message);
    });
  };

  current = await start();
  return {
    get initMs() {
      return current?.initMs ?? Number.NaN;
    },
    get starts() {
      return starts;
    },
    output,
    invoke(event) {
      // one invocation at a time per container, as in Lambda
      const result = queue.then(() => invokeOnce(event));
      queue = result.catch(() => undefined);
      return result;
    },
    async stop() {
      const running = current;
      current = undefined;
      if (running === undefined || running.child.exitCode !== null) return;
      await new Promise<void>((resolve) => {
        running.child.once('exit', () => resolve());
        running.child.kill();
      });
    },
  };
}
