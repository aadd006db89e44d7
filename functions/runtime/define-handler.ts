// The one way a function is defined: the middy chain (Powertools logger context without the
// event, cold-start and custom metrics, tracing), the settings it names, checked and typed, and
// its dependencies built once per container. Inside Lambda they are built while the module loads
// (the init phase), so a missing or malformed setting fails the container at once with one line
// naming it, never on a later invocation; elsewhere on the first invocation (the local runtime
// sets the environment after importing, and tests import the modules freely).
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { Context } from 'aws-lambda';
import { config, requireSettings, type Config, type SettingsWith } from '#shared/config/config';
import { logger, metrics, tracer } from '#shared/observability/logger';

export interface HandlerDefinition<TEvent, TResult, K extends keyof Config, D> {
  /**
   * The settings the schema leaves optional that this function needs: `dependencies` gets them
   * as present; a missing one fails the invocation with a ConfigurationError naming them all.
   */
  readonly requires: readonly K[];
  /** clients, repositories and use-case dependencies, from the checked settings; built once */
  readonly dependencies: (settings: SettingsWith<K>) => D;
  /** parse the event, call the use case, map the result */
  readonly handle: (event: TEvent, dependencies: D, context: Context) => Promise<TResult>;
}

export function defineHandler<TEvent, TResult, const K extends keyof Config, D>(
  definition: HandlerDefinition<TEvent, TResult, K, D>,
): middy.MiddyfiedHandler<TEvent, TResult> {
  const build = () => ({
    dependencies: definition.dependencies(requireSettings(config(), definition.requires)),
  });
  let built: { readonly dependencies: D } | undefined = runsInLambda() ? build() : undefined;
  return middy<TEvent, TResult>()
    .use(captureLambdaHandler(tracer, { captureResponse: false }))
    .use(injectLambdaContext(logger, { logEvent: false, resetKeys: true }))
    .use(logMetrics(metrics, { captureColdStartMetric: true }))
    .handler((event, context) => {
      built ??= build();
      return definition.handle(event, built.dependencies, context);
    });
}

/** A definition's handle over given dependencies, without the chain (tests drive it directly). */
export function withDependencies<TEvent, TResult, D>(
  handle: (event: TEvent, dependencies: D, context: Context) => Promise<TResult>,
): (dependencies: D) => (event: TEvent, context: Context) => Promise<TResult> {
  return (dependencies) => (event, context) => handle(event, dependencies, context);
}

/** Lambda sets AWS_LAMBDA_FUNCTION_NAME in every function's environment (and nothing else does). */
function runsInLambda(environment: NodeJS.ProcessEnv = process.env): boolean {
  return (environment.AWS_LAMBDA_FUNCTION_NAME ?? '') !== '';
}
