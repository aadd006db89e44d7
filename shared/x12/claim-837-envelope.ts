// What every 837 claim transaction set is wrapped in and starts with, for the 837P (X222A1) and
// the 837I (X223A2) alike: the interchange of one group and one ST..SE per claim, the BHT with the
// 1000A submitter and 1000B receiver, and the HL tree above the claim (2000A billing provider,
// 2000B subscriber with the 2010BB payer, 2000C patient when the patient is a dependent). Each
// generator writes only its own 2300 claim and 2400 lines inside it.

import {
  fit,
  writeBillingProvider,
  writeContact,
  writeName,
  writeIdentifiedOrganization,
  writePatientLoop,
  writeSubscriberLoop,
  type BillingProviderView,
  type ContactView,
  type NameView,
  type PatientView,
  type SubscriberView,
} from './claim-837-parts.ts';
import {
  writeInterchange,
  type InterchangeEnvelope,
  type SegmentWriter,
  type TransactionSetSpec,
} from './writer.ts';

/** What the sender knows about the transmission, shared by every claim of one interchange. */
export interface Transmission837 {
  /** 1000A NM109: the submitter id (ETIN) the receiver assigned to us */
  readonly submitterId: string;
  /** 1000B NM109: the receiver's id */
  readonly receiverId: string;
  /** 1000A name and contact; replaces the claim's own `submitter` when given */
  readonly submitter?: SubmitterView | undefined;
  /** 1000B NM103; replaces the claim's `receiver.organizationName` when given */
  readonly receiverName?: string | undefined;
  /** BHT04/BHT05 */
  readonly createdAt: Date;
}

/** One claim's own transaction set: its trace id and ST02. */
export interface ClaimTransactionOptions extends Transmission837 {
  /** our trace id: REF*D9 in 2300 (the 277CA echoes it) and BHT03 */
  readonly claimId: string;
  /** ST02 (1..999999999, unique within the group) */
  readonly controlNumber: number;
}

/** ISA/GS context for a whole interchange of claims. */
export interface Interchange837Envelope {
  readonly interchange: InterchangeEnvelope;
  /** GS06 */
  readonly groupControlNumber: number;
  /** GS02 */
  readonly applicationSenderCode: string;
  /** GS03 */
  readonly applicationReceiverCode: string;
  readonly transmission: Transmission837;
}

/** A claim and our trace id for it. */
export interface ClaimToSend<Claim> {
  readonly claim: Claim;
  readonly claimId: string;
}

/** A claim kind's 837 writers: one claim's transaction set, and a whole interchange of claims. */
export interface Claim837Writers<Claim> {
  /** The transaction set (ST..SE) of one claim, for writeInterchange. */
  readonly transactionSet: (claim: Claim, options: ClaimTransactionOptions) => TransactionSetSpec;
  /**
   * An interchange with one group and one transaction set per claim (ST02 = 1..n in order), so
   * that a 999 rejecting one set never takes the other claims down with it.
   */
  readonly buildInterchange: (
    claims: readonly ClaimToSend<Claim>[],
    envelope: Interchange837Envelope,
  ) => string;
}

/**
 * The writers of a claim kind, from its implementation guide (ST03, GS08) and how it writes one
 * claim's body (BHT through the last 2400 loop).
 */
export function claim837Writers<Claim>(
  version: string,
  writeClaim: (writer: SegmentWriter, claim: Claim, options: ClaimTransactionOptions) => void,
): Claim837Writers<Claim> {
  const transactionSet = (claim: Claim, options: ClaimTransactionOptions): TransactionSetSpec => ({
    id: '837',
    controlNumber: options.controlNumber,
    implementationReference: version,
    body: (writer) => writeClaim(writer, claim, options),
  });
  const buildInterchange = (
    claims: readonly ClaimToSend<Claim>[],
    envelope: Interchange837Envelope,
  ): string => {
    const sets = claims.map(({ claim, claimId }, index) =>
      transactionSet(claim, { ...envelope.transmission, claimId, controlNumber: index + 1 }),
    );
    return writeInterchange(envelope.interchange, [
      {
        group: {
          functionalIdCode: 'HC',
          senderCode: envelope.applicationSenderCode,
          receiverCode: envelope.applicationReceiverCode,
          controlNumber: envelope.groupControlNumber,
          version,
        },
        transactionSets: sets,
      },
    ]);
  };
  return { transactionSet, buildInterchange };
}

export interface SubmitterView extends NameView {
  readonly contactInformation: ContactView;
}

export interface HeaderView {
  /** BHT03: originator's reference for this transaction */
  readonly reference: string;
  /** BHT04/BHT05 */
  readonly createdAt: Date;
  readonly submitter: SubmitterView;
  /** 1000A NM109 (ETIN the receiver assigned to us) */
  readonly submitterId: string;
  readonly receiverName: string;
  /** 1000B NM109 */
  readonly receiverId: string;
}

/** BHT04/BHT05 of the last creation time seen: every claim of an interchange shares it. */
let lastCreatedAt: Date | null = null;
let lastCreatedAtTime = Number.NaN;
let lastDate = '';
let lastTime = '';

function bhtDateTime(createdAt: Date): readonly [string, string] {
  const time = createdAt.getTime();
  if (createdAt !== lastCreatedAt || time !== lastCreatedAtTime) {
    const iso = createdAt.toISOString();
    lastCreatedAt = createdAt;
    lastCreatedAtTime = time;
    lastDate = iso.slice(0, 4) + iso.slice(5, 7) + iso.slice(8, 10);
    lastTime = iso.slice(11, 13) + iso.slice(14, 16);
  }
  return [lastDate, lastTime];
}

export function writeHeader(writer: SegmentWriter, header: HeaderView): void {
  const [date, time] = bhtDateTime(header.createdAt);
  writer.segment('BHT', '0019', '00', fit(header.reference, 50, 'BHT', 3), date, time, 'CH');
  writeName(writer, '41', header.submitter, '46', header.submitterId);
  writeContact(writer, header.submitter.contactInformation);
  writeIdentifiedOrganization(writer, '40', header.receiverName, '46', header.receiverId);
}

/** The parties both claim shapes carry above the 2300 claim. */
export interface ClaimPartiesView {
  readonly submitter: SubmitterView;
  readonly receiver: { readonly organizationName: string };
  readonly billing: BillingProviderView;
  readonly dependent?: PatientView | undefined;
  /** 2010BB NM103 */
  readonly tradingPartnerName: string;
  /** 2010BB NM109 */
  readonly tradingPartnerServiceId: string;
}

/** BHT, 1000A, 1000B (the transmission's submitter and receiver win over the claim's) and 2000A. */
export function writeHeaderAndBillingProvider(
  writer: SegmentWriter,
  claim: ClaimPartiesView,
  options: ClaimTransactionOptions,
): void {
  writeHeader(writer, {
    reference: options.claimId,
    createdAt: options.createdAt,
    submitter: options.submitter ?? claim.submitter,
    submitterId: options.submitterId,
    receiverName: options.receiverName ?? claim.receiver.organizationName,
    receiverId: options.receiverId,
  });
  writeBillingProvider(writer, 1, claim.billing, undefined);
}

/** 2000B (HL 2 under the billing provider) with the payer, and 2000C (HL 3) for a dependent. */
export function writeSubscriberHierarchy(
  writer: SegmentWriter,
  claim: ClaimPartiesView,
  subscriber: SubscriberView,
  claimFilingCode: string,
): void {
  const { dependent } = claim;
  writeSubscriberLoop(writer, {
    hlId: 2,
    parentHlId: 1,
    subscriber,
    subscriberIsPatient: dependent === undefined,
    claimFilingCode,
    payer: { name: claim.tradingPartnerName, id: claim.tradingPartnerServiceId },
  });
  if (dependent !== undefined) writePatientLoop(writer, 3, 2, dependent);
}
