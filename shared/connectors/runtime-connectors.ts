// What a function needs to open payer connectors where it runs: credentials from Secrets Manager
// in the cloud (environment or files locally), and locally the sandbox payer's SFTP endpoint,
// which the local runtime passes in the environment (the sandbox process prints these values).
// One construction for every function that talks to payers (transmit, poll).
import type { Config } from '#shared/config/config';
import type { PayerConnection } from '#shared/domain/payers/payer-connection';
import { secretsManagerClient } from '#shared/storage/aws-clients';
import {
  createConnector,
  type ConnectorDependencies,
  type SandboxEndpoint,
} from './connector-factory.ts';
import { localCredentials, secretsManagerCredentials } from './credentials.ts';
import type { PayerConnector } from './payer-connector.ts';

/** The sandbox payer's SFTP endpoint, locally only; undefined in the cloud or when none runs. */
export function localSandboxEndpoint(
  stage: Config['STAGE'],
  environment: NodeJS.ProcessEnv = process.env,
): SandboxEndpoint | undefined {
  const port = Number(environment.SANDBOX_SFTP_PORT);
  const hostKeySha256 = environment.SANDBOX_SFTP_HOST_KEY_SHA256;
  if (stage !== 'local' || !(port > 0) || hostKeySha256 === undefined) return undefined;
  // the HTTP variant (sandbox connections with protocol https), when the local runtime runs it
  const httpUrl = environment.SANDBOX_HTTP_URL;
  return {
    host: '127.0.0.1',
    port,
    hostKeySha256,
    ...(httpUrl ? { http: { baseUrl: httpUrl } } : {}),
  };
}

/** Credentials and sandbox endpoint for `createConnector`, from the configuration. */
export function runtimeConnectorDependencies(
  settings: Pick<Config, 'STAGE' | 'AWS_REGION'>,
  environment: NodeJS.ProcessEnv = process.env,
): ConnectorDependencies {
  const credentials =
    settings.STAGE === 'cloud'
      ? secretsManagerCredentials({ client: secretsManagerClient(settings) })
      : localCredentials({});
  const sandbox = localSandboxEndpoint(settings.STAGE, environment);
  return { credentials, ...(sandbox ? { sandbox } : {}) };
}

/** Opens connectors with fixed dependencies (the shape the transmit and poll flows take). */
export function connectorOpener(dependencies: ConnectorDependencies): {
  open(connection: PayerConnection): Promise<PayerConnector>;
} {
  return { open: (connection) => Promise.resolve(createConnector(connection, dependencies)) };
}
