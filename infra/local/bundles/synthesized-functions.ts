// The functions of the synthesized application, as Lambda would receive them: each function's
// bundle directory (the esbuild output CDK packages as its asset), handler, timeout, memory and
// environment, read from the template that `cdk synth` writes. The environment's references to
// resources (table, queues, bucket) are resolved to a local system's resources by variable name.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { createApp } from '../../app.ts';

/** A value in the template: a literal, or a reference resolved at deploy time. */
export type TemplateValue = string | Readonly<Record<string, unknown>>;

export interface SynthesizedFunction {
  readonly logicalId: string;
  /** the POWERTOOLS_SERVICE_NAME of the function (api, transmit, ...): its name here */
  readonly serviceName: string;
  readonly bundleDirectory: string;
  /** index.mjs, in bytes (the source map sits beside it and is not loaded unless asked) */
  readonly bundleBytes: number;
  /** the export the template's Handler names (`index.handler` -> `handler`) */
  readonly exportName: string;
  readonly runtime: string;
  readonly architecture: string;
  readonly timeoutSeconds: number;
  readonly memorySize: number;
  readonly environment: Readonly<Record<string, TemplateValue>>;
}

interface FunctionResource {
  readonly Type: string;
  readonly Metadata?: Record<string, unknown>;
  readonly Properties: {
    readonly Handler: string;
    readonly Runtime: string;
    readonly Architectures?: readonly string[];
    readonly Timeout?: number;
    readonly MemorySize?: number;
    readonly Environment?: { readonly Variables?: Record<string, TemplateValue> };
  };
}

/** Synthesizes the app (bundling every function) into `outdir` and lists its functions. */
export function synthesizeFunctions(options: {
  readonly outdir: string;
  readonly context: Readonly<Record<string, unknown>>;
  /** infra/app.ts's createApp (passed in: infra/local imports nothing of the app at run time) */
  readonly createApp: typeof createApp;
}): SynthesizedFunction[] {
  const { app, stack } = options.createApp({
    // asset metadata (aws:asset:path) as the CDK CLI asks for it
    context: { ...options.context, 'aws:cdk:enable-asset-metadata': true },
    outdir: options.outdir,
  });
  const assembly = app.synth();
  const template = assembly.getStackArtifact(stack.artifactId).template as {
    Resources: Record<string, FunctionResource>;
  };
  return Object.entries(template.Resources)
    .filter(([, resource]) => resource.Type === 'AWS::Lambda::Function')
    .map(([logicalId, resource]) => {
      const assetPath = resource.Metadata?.['aws:asset:path'];
      const properties = resource.Properties;
      const variables = properties.Environment?.Variables ?? {};
      const serviceName = variables.POWERTOOLS_SERVICE_NAME;
      if (typeof assetPath !== 'string' || typeof serviceName !== 'string')
        throw new Error(`${logicalId} has no bundled asset or no POWERTOOLS_SERVICE_NAME`);
      const bundleDirectory = join(options.outdir, assetPath);
      const [file, exportName] = properties.Handler.split('.');
      if (file !== 'index' || exportName === undefined)
        throw new Error(`${logicalId}: unexpected handler ${properties.Handler}`);
      return {
        logicalId,
        serviceName,
        bundleDirectory,
        bundleBytes: statSync(join(bundleDirectory, 'index.mjs')).size,
        exportName,
        runtime: properties.Runtime,
        architecture: properties.Architectures?.[0] ?? 'x86_64',
        timeoutSeconds: properties.Timeout ?? 3,
        memorySize: properties.MemorySize ?? 128,
        environment: variables,
      };
    });
}

export class UnresolvedVariablesError extends Error {
  constructor(serviceName: string, names: readonly string[]) {
    super(
      `${serviceName}: the template passes ${names.join(', ')} from resources the local system does not provide`,
    );
    this.name = 'UnresolvedVariablesError';
  }
}

/**
 * The function's variables with each resource reference replaced by the local system's value of
 * the same variable (provision.ts names them from the same definitions as the stack).
 */
export function resolveEnvironment(
  fn: SynthesizedFunction,
  local: Readonly<Record<string, string>>,
): Record<string, string> {
  const resolved: Record<string, string> = {};
  const unresolved: string[] = [];
  for (const [name, value] of Object.entries(fn.environment)) {
    if (typeof value === 'string') resolved[name] = value;
    else if (local[name] !== undefined) resolved[name] = local[name];
    else unresolved.push(name);
  }
  if (unresolved.length > 0) throw new UnresolvedVariablesError(fn.serviceName, unresolved);
  return resolved;
}

/** The bundle's own source, for checks on what it holds (no test code, no local-only modules). */
export function bundleSource(fn: SynthesizedFunction): string {
  return readFileSync(join(fn.bundleDirectory, 'index.mjs'), 'utf8');
}
