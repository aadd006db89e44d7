// A payer connection: how claims reach one payer (or an upstream clearinghouse) and how its answers
// come back (docs/ARCHITECTURE.md section 6). Credentials are referenced by name, never stored here or logged.
// zod/mini: this schema is in the transmit, poll and answer functions' bundles (full zod ~90 KB)
import * as z from 'zod/mini';

/** X12 ids are uppercase-insensitive data; we keep them as given but forbid delimiter characters. */
const x12Id = (max: number) =>
  z
    .string()
    .check(
      z.minLength(1),
      z.maxLength(max),
      z.regex(/^[A-Za-z0-9 .-]+$/, 'letters, digits, spaces, dots and hyphens only'),
    );

const path = z.string().check(z.minLength(1), z.maxLength(512), z.regex(/^\//, 'an absolute path'));

/** Name of a secret: Secrets Manager in the cloud; locally an environment variable or a file. */
const secretName = z.string().check(z.regex(/^[A-Za-z0-9/_+=.@-]{1,256}$/));

export const sftpTransportSchema = z.object({
  kind: z.literal('sftp'),
  host: z.string().check(z.minLength(1)),
  port: z._default(z.int().check(z.minimum(1), z.maximum(65535)), 22),
  username: z.string().check(z.minLength(1)),
  /** SHA-256 fingerprint of the server's host key, base64 (as `ssh-keygen -lf` prints, without "SHA256:") */
  hostKeySha256: z.string().check(z.regex(/^[A-Za-z0-9+/]{43}=?$/)),
  /** secret holding `{ "password": ... }` or `{ "privateKey": ... }` */
  credentialsSecret: secretName,
  outboundPath: path,
  inboundPath: path,
  /** where fetched inbound files are moved; deleted when absent */
  inboundArchivePath: z.optional(path),
});

export const httpsTransportSchema = z.object({
  kind: z.literal('https'),
  /** https only in the cloud; http://localhost allowed locally (checked by the connector) */
  baseUrl: z.url(),
  uploadPath: z.string().check(z.startsWith('/')),
  /** lists inbound reports; the answer is `{ files: [{ name }] }` */
  listPath: z.string().check(z.startsWith('/')),
  /** fetches one report; `{name}` is replaced */
  fetchPath: z.string().check(z.includes('{name}')),
  /** acknowledges (deletes) one report; `{name}` is replaced */
  acknowledgePath: z.string().check(z.includes('{name}')),
  auth: z.object({ type: z.enum(['bearer', 'basic']), credentialsSecret: secretName }),
  timeoutMs: z._default(z.int().check(z.minimum(1000), z.maximum(120_000)), 30_000),
});

export const sandboxTransportSchema = z.object({
  kind: z.literal('sandbox'),
  /** the sandbox payer speaks SFTP like a real payer: same connector, local server */
  protocol: z._default(z.enum(['sftp', 'https']), 'sftp'),
});

export const payerConnectionSchema = z.object({
  connectionId: z
    .string()
    .check(z.regex(/^[a-z0-9][a-z0-9-]{2,62}$/, 'lower-case letters, digits and hyphens, 3 to 63')),
  tenantId: z.string().check(z.minLength(1)),
  name: z.string().check(z.minLength(1), z.maxLength(120)),
  /** tradingPartnerServiceId values routed here; ["*"] takes every payer (an upstream clearinghouse) */
  payerIds: z.array(z.string().check(z.minLength(1), z.maxLength(80))).check(z.minLength(1)),
  usageIndicator: z.enum(['T', 'P']),
  interchange: z.object({
    senderQualifier: z.string().check(z.length(2)),
    /** ISA06 */
    senderId: x12Id(15),
    receiverQualifier: z.string().check(z.length(2)),
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
    acknowledgmentRequested: z._default(z.boolean(), false),
  }),
  transport: z.discriminatedUnion('kind', [
    sftpTransportSchema,
    httpsTransportSchema,
    sandboxTransportSchema,
  ]),
  /** tokens: {connectionId} {isa13} {date} (CCYYMMDD) {time} (HHMMSS); must contain {isa13} so names are unique */
  fileNamePattern: z._default(
    z.string().check(z.includes('{isa13}')),
    '{connectionId}-{date}-{isa13}.837',
  ),
  batching: z._default(
    z.object({
      windowSeconds: z._default(z.int().check(z.minimum(0), z.maximum(900)), 60),
      maxClaimsPerInterchange: z._default(z.int().check(z.minimum(1), z.maximum(5000)), 500),
    }),
    { windowSeconds: 60, maxClaimsPerInterchange: 500 },
  ),
  /** SFTP mailboxes take a few sessions at once */
  concurrency: z._default(z.int().check(z.minimum(1), z.maximum(10)), 2),
  pollIntervalSeconds: z._default(z.int().check(z.minimum(30), z.maximum(86_400)), 300),
  /** days after transmission before a claim lands in NO_RESPONSE */
  expectedAnswerDays: z._default(
    z.object({
      claimAcknowledgment: z._default(z.int().check(z.minimum(1), z.maximum(90)), 7),
      remittance: z._default(z.int().check(z.minimum(1), z.maximum(365)), 30),
    }),
    { claimAcknowledgment: 7, remittance: 30 },
  ),
  active: z._default(z.boolean(), true),
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
