// The local system with the synthesized bundles in place of the source handlers: every function of
// the template runs in its own Lambda container (lambda-container.ts) under the project's Node 24
// with the template's environment (STAGE=cloud and all), the resource references resolved to the
// local resources, the local engines' endpoints, and Lambda's own runtime variables. Payer
// credentials come from Secrets Manager as in the cloud (local-secrets-manager.ts), so the tenant's
// sandbox mailbox is reached through an `sftp` connection, as a payer's would be.
import { randomBytes } from 'node:crypto';
import { SANDBOX_FOLDERS } from '#shared/connectors/connector-factory';
import { connectionSecrets } from '#shared/config/resources';
import type { PayerConnection } from '#shared/domain/payers/payer-connection';
import { payerConnectionSchema } from '#shared/domain/payers/payer-connection';
import type { LocalSandbox } from '../sandbox.ts';
import { sandboxConnection } from '../sandbox-connection.ts';
import type { LocalFunctions, LocalHandlers } from '../system.ts';
import { startLambdaContainer, type LambdaContainer } from './lambda-container.ts';
import { startLocalSecretsManager } from './local-secrets-manager.ts';
import { resolveEnvironment, type SynthesizedFunction } from './synthesized-functions.ts';

export interface BundledFunctions extends LocalFunctions {
  /** the running containers, by service name */
  readonly containers: ReadonlyMap<string, LambdaContainer>;
}

/** The variables the Lambda runtime itself sets in every function (nodejs24.x). */
export function lambdaRuntimeEnvironment(
  fn: SynthesizedFunction,
  region: string,
): Record<string, string> {
  const functionName = `Clearinghouse-${fn.logicalId}`;
  return {
    AWS_LAMBDA_FUNCTION_NAME: functionName,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memorySize),
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${functionName}`,
    AWS_LAMBDA_LOG_STREAM_NAME: `local/[$LATEST]${randomBytes(16).toString('hex')}`,
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_EXECUTION_ENV: `AWS_Lambda_${fn.runtime}`,
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    LAMBDA_TASK_ROOT: fn.bundleDirectory,
    _HANDLER: `index.${fn.exportName}`,
    TZ: ':UTC',
    LANG: 'en_US.UTF-8',
    AWS_XRAY_CONTEXT_MISSING: 'LOG_ERROR',
    AWS_XRAY_DAEMON_ADDRESS: '127.0.0.1:2000',
    // the execution role's session; the local engines accept any
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_SESSION_TOKEN: 'local',
  };
}

/** Starts a container for every function; the factory `startLocalSystem({ functions })` takes. */
export function bundledFunctions(
  functions: readonly SynthesizedFunction[],
  options: { readonly region: string; readonly variables?: Readonly<Record<string, string>> },
): (environment: Readonly<Record<string, string>>) => Promise<BundledFunctions> {
  return async (environment) => {
    const secrets = await startLocalSecretsManager();
    const containers = new Map<string, LambdaContainer>();
    const stop = async () => {
      await Promise.all([...containers.values()].map((container) => container.stop()));
      await secrets.stop();
    };
    try {
      const started = await Promise.all(
        functions.map(async (fn) => {
          const container = await startLambdaContainer({
            bundleDirectory: fn.bundleDirectory,
            exportName: fn.exportName,
            functionName: `Clearinghouse-${fn.logicalId}`,
            region: options.region,
            timeoutMs: fn.timeoutSeconds * 1000,
            memoryLimitInMB: fn.memorySize,
            environment: {
              ...resolveEnvironment(fn, environment),
              ...lambdaRuntimeEnvironment(fn, options.region),
              // only endpoints differ from the cloud (and credentials, above)
              ...localEndpoints(environment),
              AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint,
              ...options.variables,
            },
          });
          return [fn.serviceName, container] as const;
        }),
      );
      for (const [name, container] of started) containers.set(name, container);
    } catch (error) {
      await stop();
      throw error;
    }
    const invoker = (name: keyof LocalHandlers) => {
      const container = containers.get(name);
      if (container === undefined) throw new Error(`the template has no ${name} function`);
      // the container answers what the bundle's handler returned; its type is the handler's
      return ((event: unknown) => container.invoke(event)) as never;
    };
    return {
      containers,
      handlers: {
        api: invoker('api'),
        authorizer: invoker('authorizer'),
        'requeue-sweeper': invoker('requeue-sweeper'),
        'no-response-sweeper': invoker('no-response-sweeper'),
        transmit: invoker('transmit'),
        poll: invoker('poll'),
        'process-response': invoker('process-response'),
        notify: invoker('notify'),
      },
      sandboxConnection: (tenantId, sandbox) =>
        sandboxMailboxOverSftp(tenantId, sandbox, secrets.putSecret),
      stop,
    };
  };
}

function localEndpoints(environment: Readonly<Record<string, string>>): Record<string, string> {
  const names = ['DYNAMODB_ENDPOINT', 'SQS_ENDPOINT', 'S3_ENDPOINT'] as const;
  return Object.fromEntries(
    names.flatMap((name) => (environment[name] ? [[name, environment[name]]] : [])),
  );
}

/**
 * The tenant's sandbox mailbox as a payer's SFTP mailbox: an `sftp` connection to the sandbox
 * server (the cloud stage opens no `sandbox` connection) with its password in Secrets Manager.
 */
async function sandboxMailboxOverSftp(
  tenantId: string,
  sandbox: LocalSandbox,
  putSecret: (name: string, value: string) => void,
): Promise<PayerConnection> {
  const base = sandboxConnection(tenantId);
  const password = randomBytes(18).toString('base64url');
  const credentialsSecret = `${connectionSecrets.namePrefix}${base.connectionId}`;
  putSecret(credentialsSecret, JSON.stringify({ password }));
  await sandbox.openMailbox(base.connectionId, password);
  return payerConnectionSchema.parse({
    ...base,
    transport: {
      kind: 'sftp',
      host: sandbox.endpoint.host,
      port: sandbox.endpoint.port,
      username: base.connectionId,
      hostKeySha256: sandbox.endpoint.hostKeySha256,
      credentialsSecret,
      outboundPath: SANDBOX_FOLDERS.claims,
      inboundPath: SANDBOX_FOLDERS.answers,
      inboundArchivePath: SANDBOX_FOLDERS.archive,
    },
  });
}
