// `npm run sandbox-payer`: the sandbox payer on this machine. A real SFTP server on
// SANDBOX_SFTP_PORT with one user (and folder) per sandbox connection, and the process that
// answers the 837s they upload (infra/local/sandbox-payer/README.md lists the scenarios).
// Prints SANDBOX_SFTP_PORT=..., SANDBOX_SFTP_HOST_KEY_SHA256=... and SANDBOX_SFTP_USERS=...; the
// host key is kept in the data folder so the fingerprint connections pin survives restarts.
import * as z from 'zod';
import { SCENARIOS } from '#infra/local/sandbox-payer/scenarios';
import { INBOUND_FOLDER, OUTBOUND_FOLDER } from '#infra/local/sandbox-payer/sandbox-payer';
import { startLocalSandbox } from './sandbox.ts';
import { exitOnStartFailure, settingsOf, stopOnSignal } from './local-process.ts';
import { assertPortFree } from './ports.ts';

const settingsSchema = z.object({
  SANDBOX_SFTP_PORT: z.coerce.number().int().min(0).max(65535).default(2222),
  SANDBOX_DELAY_SECONDS: z.coerce.number().min(0).max(86_400).default(3),
  SANDBOX_DATA_DIR: z.string().min(1).default('.local-data/sandbox-payer'),
  /** user:password pairs, comma-separated: one per sandbox connection */
  SANDBOX_USERS: z
    .string()
    .default('sandbox:sandbox')
    .transform((value, context) => {
      const users = value
        .split(',')
        .filter((pair) => pair.trim() !== '')
        .map((pair) => {
          const at = pair.indexOf(':');
          return { username: pair.slice(0, at).trim(), password: pair.slice(at + 1) };
        });
      if (
        users.length === 0 ||
        users.some((user) => user.username === '' || user.password === '')
      ) {
        context.addIssue({ code: 'custom', message: 'expected user:password[,user:password...]' });
      }
      return users;
    }),
});

async function main(): Promise<void> {
  const settings = settingsOf(settingsSchema);
  if (settings.SANDBOX_SFTP_PORT !== 0) {
    await assertPortFree(settings.SANDBOX_SFTP_PORT, 'SANDBOX_SFTP_PORT');
  }
  const sandbox = await startLocalSandbox({
    port: settings.SANDBOX_SFTP_PORT,
    dataDir: settings.SANDBOX_DATA_DIR,
    delaySeconds: settings.SANDBOX_DELAY_SECONDS,
    log: (message, fields) => console.log(message, JSON.stringify(fields)),
  });
  for (const user of settings.SANDBOX_USERS)
    await sandbox.openMailbox(user.username, user.password);
  const server = { port: sandbox.endpoint.port, hostKeySha256: sandbox.endpoint.hostKeySha256 };

  console.log(`SANDBOX_SFTP_PORT=${server.port}`);
  console.log(`SANDBOX_SFTP_HOST_KEY_SHA256=${server.hostKeySha256}`);
  console.log(
    `SANDBOX_SFTP_USERS=${settings.SANDBOX_USERS.map((user) => user.username).join(',')}`,
  );
  console.log(
    `Upload 837s to /${OUTBOUND_FOLDER}; answers appear in /${INBOUND_FOLDER} ` +
      `(${settings.SANDBOX_DELAY_SECONDS} s between stages). Scenarios by subscriber member id:`,
  );
  for (const scenario of SCENARIOS) {
    console.log(`  ${(scenario.prefix ?? '(any other)').padEnd(14)} ${scenario.description}`);
  }
  console.log('Ready. Press Ctrl-C to stop.');

  stopOnSignal(() => sandbox.stop());
}

main().catch((error: unknown) => exitOnStartFailure(error, 'sandbox payer failed to start:'));
