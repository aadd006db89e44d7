// `npm run admin -- <command>` (see admin-commands.ts).
import { runAdmin } from './admin-commands.ts';

runAdmin(process.argv.slice(2), process.env)
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    const name = error instanceof Error ? error.name : 'Error';
    const message = error instanceof Error ? error.message : String(error);
    const unreachable =
      (error as { code?: string } | null)?.code === 'ECONNREFUSED' || /ECONNREFUSED/.test(message);
    console.error(
      name === 'ResourceNotFoundException' || unreachable
        ? 'The table was not reachable: is "npm start" running (or TABLE_NAME right)?'
        : `${name}: ${message}`,
    );
    process.exit(1);
  });
