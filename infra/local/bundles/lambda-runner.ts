// One Lambda container for one synthesized bundle, as the nodejs24.x runtime runs it: the bundle's
// module is imported once (the init phase, timed), then invocations arrive one at a time over the
// IPC channel from lambda-container.ts. Started by plain `node` (type stripping, no loader), so it
// imports nothing but Node and the runtime's Context shape.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createLambdaContext } from '../lambda-context.ts';

/** From the container to this process. */
export interface InvokeMessage {
  readonly kind: 'invoke';
  readonly id: number;
  readonly event: unknown;
  readonly functionName: string;
  readonly region: string;
  readonly timeoutMs: number;
  readonly memoryLimitInMB: number;
  /** the X-Ray trace header Lambda sets per invocation (_X_AMZN_TRACE_ID) */
  readonly traceId: string;
}

export interface ErrorDescription {
  readonly name: string;
  readonly message: string;
}

/** From this process to the container. */
export type RunnerMessage =
  | { readonly kind: 'ready'; readonly initMs: number }
  | { readonly kind: 'init-error'; readonly error: ErrorDescription }
  | { readonly kind: 'result'; readonly id: number; readonly result: unknown }
  | { readonly kind: 'error'; readonly id: number; readonly error: ErrorDescription };

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

function describe(error: unknown): ErrorDescription {
  return error instanceof Error
    ? { name: error.name, message: error.message }
    : { name: 'Error', message: String(error) };
}

function send(message: RunnerMessage): Promise<void> {
  return new Promise((resolve) => {
    if (process.send === undefined) throw new Error('lambda-runner needs an IPC channel (fork)');
    process.send(message, undefined, {}, () => resolve());
  });
}

async function init(bundleDirectory: string, exportName: string): Promise<Handler> {
  const module = (await import(pathToFileURL(join(bundleDirectory, 'index.mjs')).href)) as Record<
    string,
    unknown
  >;
  const handler = module[exportName];
  if (typeof handler !== 'function')
    throw new Error(`the bundle exports no function named ${exportName}`);
  // the bundle's export is the handler Lambda calls: (event, context) => Promise
  return handler as Handler;
}

async function main(): Promise<void> {
  const [bundleDirectory, exportName = 'handler'] = process.argv.slice(2);
  if (bundleDirectory === undefined) throw new Error('usage: lambda-runner BUNDLE_DIR [EXPORT]');
  const started = performance.now();
  let handler: Handler;
  try {
    handler = await init(bundleDirectory, exportName);
  } catch (error) {
    await send({ kind: 'init-error', error: describe(error) });
    process.exit(1);
  }
  await send({ kind: 'ready', initMs: performance.now() - started });
  process.on('message', (message: InvokeMessage) => {
    if (message.kind !== 'invoke') return;
    process.env._X_AMZN_TRACE_ID = message.traceId;
    const context = createLambdaContext({
      functionName: message.functionName,
      region: message.region,
      timeoutMs: message.timeoutMs,
      memoryLimitInMB: message.memoryLimitInMB,
    });
    handler(message.event, context).then(
      (result) => send({ kind: 'result', id: message.id, result }),
      (error: unknown) => send({ kind: 'error', id: message.id, error: describe(error) }),
    );
  });
}

await main();
