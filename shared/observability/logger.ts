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

export const metrics = new Metrics({ namespace: 'Clearinghouse', serviceName });

export const tracer = new Tracer({ serviceName });
