// A payer connection: how claims reach one payer (or an upstream clearinghouse) and how its answers
// come back (docs/ARCHITECTURE.md section 6). Credentials are referenced by name, never stored here or logged.
import * as z from 'zod';

/** X12 ids are uppercase-insensitive data; we keep them as given but forbid delimiter characters. */
const x12Id = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[A-Za-z0-9 .-]+$/, 'letters, digits, spaces, dots and hyphens only');

const path = z.string().min(1).max(512).regex(/^\//, 'an absolute path');

/** Name of a secret: Secrets Manager in the cloud; locally an environment variable or a file. */
const secretName = z.string().regex(/^[A-Za-z0-9/_+=.@-]{1,256}$/);

export const sftpTransportSchema = z.object({
  kind: z.literal('sftp'),
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535).default(22),
  username: z.string().min(1),
  /** SHA-256 fingerprint of the server's host key, base64 (as `ssh-keygen -lf` prints, without "SHA256:") */
  hostKeySha256: z.string().regex(/^[A-Za-z0-9+/]{43}=?$/),
  /** secret holding `{ "password": ... }` or `{ "privateKey": ... }` */
  credentialsSecret: secretName,
  outboundPath: path,
  inboundPath: path,
  /** where fetched inbound files are moved; deleted when absent */
  inboundArchivePath: path.optional(),
});

export const httpsTransportSchema = z.object({
  kind: z.literal('https'),
  /** https only in the cloud; http://localhost allowed locally (checked by the connector) */
  baseUrl: z.url(),
  uploadPath: z.string().startsWith('/'),
  /** lists inbound reports; the answer is `{ files: [{ name }] }` */
  listPath: z.string().startsWith('/'),
  /** fetches one report; `{name}` is replaced */
  fetchPath: z.string().includes('{name}'),
  /** acknowledges (deletes) one report; `{name}` is replaced */
  acknowledgePath: z.string().includes('{name}'),
  auth: z.object({ type: z.enum(['bearer', 'basic']), credentialsSecret: secretName }),
  timeoutMs: z.number().int().min(1000).max(120_000).default(30_000),
});

export const sandboxTransportSchema = z.object({
  kind: z.literal('sandbox'),
  /** the sandbox payer speaks SFTP like a real payer: same connector, local server */
  protocol: z.enum(['sftp', 'https']).default('sftp'),
});

export const payerConnectionSchema = z.object({
  connectionId: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{2,62}$/, 'lower-case letters, digits and hyphens, 3 to 63'),
  tenantId: z.string().min(1),
  name: z.string().min(1).max(120),
  /** tradingPartnerServiceId values routed here; ["*"] takes every payer (an upstream clearinghouse) */
  payerIds: z.array(z.string().min(1).max(80)).min(1),
  usageIndicator: z.enum(['T', 'P']),
  interchange: z.object({
    senderQualifier: z.string().length(2),
    /** ISA06 */
    senderId: x12Id(15),
    receiverQualifier: z.string().length(2),
    /** ISA08 */
    receiverId: x12Id(15),
    /** GS02 */
    applicationSenderCode: x12Id(15),
    /** GS03 */
    applicationReceiverCode: x12Id(15),
    /** 1000A NM109 */
    submitterId: x12Id(80),
    /** 1000B NM109 */
    receiverIdCode: x12Id(80),
    /** ask for a TA1 (ISA14) */
    acknowledgmentRequested: z.boolean().default(false),
  }),
  transport: z.discriminatedUnion('kind', [
    sftpTransportSchema,
    httpsTransportSchema,
    sandboxTransportSchema,
  ]),
  /** tokens: {connectionId} {isa13} {date} (CCYYMMDD) {time} (HHMMSS); must contain {isa13} so names are unique */
  fileNamePattern: z.string().includes('{isa13}').default('{connectionId}-{date}-{isa13}.837'),
  batching: z
    .object({
      windowSeconds: z.number().int().min(0).max(900).default(60),
      maxClaimsPerInterchange: z.number().int().min(1).max(5000).default(500),
    })
    .default({ windowSeconds: 60, maxClaimsPerInterchange: 500 }),
  /** SFTP mailboxes take a few sessions at once */
  concurrency: z.number().int().min(1).max(10).default(2),
  pollIntervalSeconds: z.number().int().min(30).max(86_400).default(300),
  /** days after transmission before a claim lands in NO_RESPONSE */
  expectedAnswerDays: z
    .object({
      claimAcknowledgment: z.number().int().min(1).max(90).default(7),
      remittance: z.number().int().min(1).max(365).default(30),
    })
    .default({ claimAcknowledgment: 7, remittance: 30 }),
  active: z.boolean().default(true),
});

export type PayerConnection = z.infer<typeof payerConnectionSchema>;
export type PayerConnectionInput = z.input<typeof payerConnectionSchema>;
export type SftpTransport = z.infer<typeof sftpTransportSchema>;
export type HttpsTransport = z.infer<typeof httpsTransportSchema>;

/** The connection that carries claims for a payer id: an exact match first, then a "*" connection. */
export function connectionForPayer(
  connections: readonly PayerConnection[],
  payerId: string,
): PayerConnection | undefined {
  const active = connections.filter((connection) => connection.active);
  return (
    active.find((connection) => connection.payerIds.includes(payerId)) ??
    active.find((connection) => connection.payerIds.includes('*'))
  );
}

/** The deterministic file name of an interchange (a retry computes the same name). */
export function interchangeFileName(
  connection: PayerConnection,
  isa13: string,
  createdAt: Date,
): string {
  const iso = createdAt.toISOString();
  return connection.fileNamePattern
    .replaceAll('{connectionId}', connection.connectionId)
    .replaceAll('{isa13}', isa13)
    .replaceAll('{date}', iso.slice(0, 10).replaceAll('-', ''))
    .replaceAll('{time}', iso.slice(11, 19).replaceAll(':', ''));
}
