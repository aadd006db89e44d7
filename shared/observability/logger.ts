// The one Logger, Metrics and Tracer of every function (Powertools), created once per process.
// Events, records and request bodies are never logged (no logEvent), and a replacer masks PHI keys.
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { redactPhi } from './redaction.ts';

const serviceName = process.env.POWERTOOLS_SERVICE_NAME ?? 'clearinghouse';

export const logger = new Logger({
  serviceName,
  logLevel: (process.env.LOG_LEVEL ?? 'INFO') as 'INFO',
  jsonReplacerFn: redactPhi,
});

// Powertools warns on every invocation that publishes no custom metric (most of ours only publish
// on errors): that line says nothing, so it is dropped; every other warning passes through.
const metricsLogger = {
  debug: (...content: unknown[]) => console.debug(...content),
  info: (...content: unknown[]) => console.info(...content),
  warn: (...content: unknown[]) => {
    if (
      typeof content[0] === 'string' &&
      content[0].startsWith('No application metrics to publish')
    )
      return;
    console.warn(...content);
  },
  error: (...content: unknown[]) => console.error(...content),
};

export const metrics = new Metrics({
  namespace: 'Clearinghouse',
  serviceName,
  logger: metricsLogger,
});

export const tracer = new Tracer({ serviceName });
