// The one small interface every payer channel implements (sftp, https, sandbox): send an
// interchange; list, fetch and acknowledge inbound answer files.

export interface InboundFile {
  readonly name: string;
  readonly size?: number;
  readonly modifiedAt?: string;
}

export interface PayerConnector {
  /** Uploads one interchange under its deterministic name. Must not leave a partial file visible
   * under the final name (upload to a temporary name, then rename, where the channel allows). */
  send(fileName: string, content: string): Promise<void>;
  /** Whether a file of that name is already at the destination (the exactly-once check after a crash). */
  hasSent(fileName: string): Promise<boolean>;
  listInbound(): Promise<InboundFile[]>;
  fetchInbound(name: string): Promise<Buffer>;
  /** Removes (or archives) an inbound file once it is safely stored on our side. */
  acknowledgeInbound(name: string): Promise<void>;
  close(): Promise<void>;
}

/** Resolves a secret by name: Secrets Manager in the cloud, the environment or a file locally. */
export interface CredentialsResolver {
  resolve(secretName: string): Promise<Readonly<Record<string, string>>>;
}

/** The channel failed in a way worth retrying later (down, timeout, refused). */
export class PayerUnavailableError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PayerUnavailableError';
  }
}
