// The InterchangeLookup of one answer file over the transmit worker's interchange records
// (shared/storage/dynamodb/interchange-record-repository.ts). No index is needed: the transmit worker
// names an interchange `<ISA05>:<ISA06>><ISA07>:<ISA08>><ISA13>` within the tenant, and the file
// came from one payer connection, whose ids and qualifiers give the first part; ISA13 = GS06
// (one counter per sender/receiver pair, one group per interchange) gives the rest. So one read
// per control number, and nothing written when an interchange is recorded.
import type { PayerConnection } from '#shared/domain/payers/payer-connection';
import { partiesId } from '#shared/transmission/control-numbers';
import {
  InterchangeNotFoundError,
  type InterchangeRecord,
  type InterchangeRecordRepository,
} from '#shared/storage/dynamodb/interchange-record-repository';
import {
  formatInterchangeControlNumber,
  formatTransactionSetControlNumber,
} from '#shared/x12/writer';
import type { InterchangeLookup, SentInterchange } from '#shared/domain/answers/match-claims';

/** Largest ISA13/GS06 the counter hands out (control-numbers.ts wraps after it). */
const MAX_CONTROL_NUMBER = 999_999_999;

export interface RecordedInterchangeLookupOptions {
  readonly tenantId: string;
  /** the connection whose inbound mailbox held the answer file */
  readonly connection: Pick<PayerConnection, 'interchange'>;
  readonly interchanges: Pick<InterchangeRecordRepository, 'get'>;
}

export class RecordedInterchangeLookup implements InterchangeLookup {
  readonly #tenantId: string;
  readonly #connection: Pick<PayerConnection, 'interchange'>;
  readonly #interchanges: Pick<InterchangeRecordRepository, 'get'>;
  // a 277CA names the same batch once per claim level: read each interchange once per file
  readonly #read = new Map<number, Promise<InterchangeRecord | undefined>>();

  constructor(options: RecordedInterchangeLookupOptions) {
    this.#tenantId = options.tenantId;
    this.#connection = options.connection;
    this.#interchanges = options.interchanges;
  }

  async byInterchangeControlNumber(query: {
    readonly senderId: string;
    readonly receiverId: string;
    readonly isa13: string;
  }): Promise<SentInterchange | undefined> {
    const record = await this.#find(query, query.isa13);
    return record === undefined ? undefined : this.#sent(record);
  }

  async byGroupControlNumber(query: {
    readonly senderId: string;
    readonly receiverId: string;
    readonly gs06: string;
  }): Promise<SentInterchange | undefined> {
    const record = await this.#find(query, query.gs06);
    // ISA13 = GS06 is how we send; a record saying otherwise is not the group asked for
    if (record === undefined || controlNumberOf(record.gs06) !== controlNumberOf(query.gs06)) {
      return undefined;
    }
    return this.#sent(record);
  }

  async #find(
    parties: { readonly senderId: string; readonly receiverId: string },
    controlNumber: string,
  ): Promise<InterchangeRecord | undefined> {
    const { interchange } = this.#connection;
    // control numbers are unique per pair only: an answer about another pair is not ours to match
    if (parties.senderId.trim() !== interchange.senderId.trim()) return undefined;
    if (parties.receiverId.trim() !== interchange.receiverId.trim()) return undefined;
    const number = controlNumberOf(controlNumber);
    if (number === undefined) return undefined;
    let read = this.#read.get(number);
    if (read === undefined) {
      read = this.#load(number);
      this.#read.set(number, read);
      // a failed read (throttling, network) is retried by the next caller, not remembered
      read.catch(() => this.#read.delete(number));
    }
    return read;
  }

  async #load(number: number): Promise<InterchangeRecord | undefined> {
    const { interchange } = this.#connection;
    const interchangeId = `${partiesId(interchange)}>${formatInterchangeControlNumber(number)}`;
    let record: InterchangeRecord;
    try {
      record = await this.#interchanges.get(this.#tenantId, interchangeId);
    } catch (error) {
      if (error instanceof InterchangeNotFoundError) return undefined;
      throw error;
    }
    // PENDING and ABANDONED interchanges were never uploaded: no payer can answer them
    return record.state === 'COMMITTED' || record.state === 'SENT' ? record : undefined;
  }

  #sent(record: InterchangeRecord): SentInterchange {
    return {
      tenantId: this.#tenantId,
      // the transmit worker writes claim i as the transaction set with ST02 = i + 1
      transactionSets: record.claims.map((claim, index) => ({
        st02: formatTransactionSetControlNumber(index + 1),
        claimId: claim.claimId,
        revision: claim.revision,
      })),
    };
  }
}

/** "000000042", "42" and " 42" are the same control number; anything else names none of ours. */
function controlNumberOf(value: string): number | undefined {
  const trimmed = value.trim();
  if (!/^\d{1,9}$/.test(trimmed)) return undefined;
  const number = Number(trimmed);
  return number >= 1 && number <= MAX_CONTROL_NUMBER ? number : undefined;
}
