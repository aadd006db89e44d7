// Secrets Manager's GetSecretValue on localhost, for the synthesized bundles: in the cloud stage
// the transmit and poll functions read payer credentials from Secrets Manager, and no local
// engine for it exists (fauxqs serves SQS and S3 only). It speaks the service's JSON 1.1 protocol
// as the SDK calls it; the bundles reach it through AWS_ENDPOINT_URL_SECRETS_MANAGER, the SDK's
// own endpoint variable, so their code and configuration stay as deployed.
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LocalSecretsManager {
  /** http://127.0.0.1:PORT */
  readonly endpoint: string;
  readonly putSecret: (name: string, value: string) => void;
  /** the names asked for, in order (tests check which secret a function read) */
  readonly requested: readonly string[];
  stop(): Promise<void>;
}

export async function startLocalSecretsManager(): Promise<LocalSecretsManager> {
  const secrets = new Map<string, string>();
  const requested: string[] = [];
  const answer = (response: ServerResponse, status: number, body: Record<string, unknown>) => {
    response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
    response.end(JSON.stringify(body));
  };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.headers['x-amz-target'] !== 'secretsmanager.GetSecretValue') {
        answer(response, 400, {
          __type: 'UnknownOperationException',
          message: 'only GetSecretValue is served here',
        });
        return;
      }
      let secretId: unknown;
      try {
        secretId = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { SecretId?: unknown })
          .SecretId;
      } catch {
        secretId = undefined;
      }
      const value = typeof secretId === 'string' ? secrets.get(secretId) : undefined;
      if (typeof secretId === 'string') requested.push(secretId);
      if (value === undefined) {
        answer(response, 400, {
          __type: 'ResourceNotFoundException',
          message: "Secrets Manager can't find the specified secret.",
        });
        return;
      }
      answer(response, 200, {
        ARN: `arn:aws:secretsmanager:us-east-1:000000000000:secret:${String(secretId)}-AbCdEf`,
        Name: secretId,
        SecretString: value,
        VersionId: '00000000-0000-4000-8000-000000000000',
        VersionStages: ['AWSCURRENT'],
        CreatedDate: Math.floor(Date.now() / 1000),
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    putSecret: (name, value) => void secrets.set(name, value),
    requested,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
