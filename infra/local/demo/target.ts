// Which system the demo talks to: the one `npm start` runs (when it answers and DEMO_API_KEY is
// given), or a whole system started here, in this process, on free ports, and stopped at the end.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startLocalSystem } from '../system.ts';

export interface DemoTarget {
  readonly apiUrl: string;
  readonly apiKey: string;
  /** how it was found, for the first line of output */
  readonly description: string;
  stop(): Promise<void>;
}

export interface TargetSettings {
  /** API_URL, or http://localhost:${PORT:-3000} */
  readonly apiUrl: string;
  readonly apiKey: string | undefined;
  /** the in-process sandbox's delay between answer stages */
  readonly sandboxDelaySeconds: number;
  readonly pollEveryMs: number;
}

async function answersHealth(apiUrl: string): Promise<boolean> {
  try {
    const response = await fetch(`${apiUrl}/v1/health`, { signal: AbortSignal.timeout(2_000) });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}

export async function findOrStartTarget(settings: TargetSettings): Promise<DemoTarget> {
  const running = await answersHealth(settings.apiUrl);
  if (running && settings.apiKey !== undefined) {
    return {
      apiUrl: settings.apiUrl,
      apiKey: settings.apiKey,
      description: `the running system at ${settings.apiUrl}`,
      stop: () => Promise.resolve(),
    };
  }
  // the handlers log at WARN by default; the demo's malformed 835 is parked on purpose and would
  // print an ERROR line amid the table (LOG_LEVEL=WARN npm run demo shows the handlers' logs)
  process.env.LOG_LEVEL ??= 'SILENT';
  const sandboxDir = await mkdtemp(path.join(tmpdir(), 'clearinghouse-demo-'));
  try {
    const system = await startLocalSystem({
      port: 0,
      dynamoPort: 0,
      awsPort: 0,
      sandbox: { port: 0, dataDir: sandboxDir, delaySeconds: settings.sandboxDelaySeconds },
      pollEveryMs: settings.pollEveryMs,
      // the demo prints its own table; the system's request lines would drown it
      logger: { info: () => undefined, error: () => undefined },
    });
    const { apiKey } = await system.addTenant('Demo Billing Company (npm run demo)');
    const why = running
      ? `${settings.apiUrl} answers but DEMO_API_KEY is not set`
      : `nothing answers at ${settings.apiUrl}`;
    return {
      apiUrl: system.apiUrl,
      apiKey,
      description: `a system started in this process (${why})`,
      async stop() {
        await system.stop();
        await rm(sandboxDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(sandboxDir, { recursive: true, force: true });
    throw error;
  }
}
