// The sandbox payer's answers to one inbound 837 file, planned all at once: which files, with
// which content, due when. Pure: the same file, time, step and id sequence give the same plan.
//
// Timeline (step = the configured delay, seconds):
//   1 step   TA1 (when ISA14 = 1, or R alone when the envelope is bad) and the 999
//   2 steps  277CA for every claim the 999 accepted (except SBX-NORESP)
//   3 steps  unsolicited 277 with P1 (SBX-PEND)
//   4 steps  835 for the adjudicated claims; SBX-MALFORMED's truncated 835 of its own
//   5 steps  835 for pended claims
//   6 steps  835 reversing SBX-REVERSE's payment (CLP02 22) followed by its correction
// Claims batch into shared files, except those whose scenario breaks or duplicates a file
// (SBX-MALFORMED, SBX-DUPFILE): they get files of their own, and their control numbers are
// allocated after every shared file's, so the other claims' answers never depend on them. A
// 999-rejected claim (SBX-REJ999) only changes its own set's IK5 (our 837s carry one claim per
// set; a set with several claims is rejected whole, as X12 requires).

import {
  adjudicate,
  reversalOf,
  type AdjudicatedScenario,
  type ClaimOutcome,
} from './adjudication.ts';
import {
  claimAcknowledgments,
  remittances,
  type Acknowledgment277Context,
  type ClaimInProcess,
  type ClaimStatusChoice,
  type RemittanceClaim,
} from './answer-documents.ts';
import { inboundClaimOf, type InboundClaim } from './inbound-claim.ts';
import { needsOwnFiles, scenarioOf, type Scenario } from './scenarios.ts';
import { X12Error } from '#shared/x12/errors';
import {
  acknowledge837Interchange,
  replyEnvelope,
  type SetJudgement,
} from '#shared/x12/acknowledge-837';
import {
  generate999,
  type AcknowledgedGroupInput,
  type SegmentProblem,
} from '#shared/x12/generate-999';
import { inboundLayout, type InterchangeLayout, type SetLayout } from '#shared/x12/inbound-layout';
import { transactionSet835 } from '#shared/x12/generate-835';
import { transactionSet277ca, X214 } from '#shared/x12/generate-277ca';
import { generateTa1, TA1_NOTE_CODES, ta1NoteCodeOf } from '#shared/x12/generate-ta1';
import { X221A1 } from '#shared/x12/generate-835';
import type { X12Warning } from '#shared/x12/interchange-reader';
import { parseX12, type InterchangeDocument } from '#shared/x12/parse-document';
import type { Claims837 } from '#shared/x12/parse-837';
import type { InterchangeEnvelope, TransactionSetSpec } from '#shared/x12/writer';
import { formatInterchangeControlNumber, writeInterchange } from '#shared/x12/writer';

export interface AnswerFile {
  readonly dueAt: Date;
  readonly fileName: string;
  readonly content: string;
}

/** Hands out control numbers (ISA13 = GS06 of each answer, payer claim numbers), 1..999999999. */
export interface IdAllocator {
  next(): number;
}

export interface AnswerEngineInput {
  /** the inbound file's name (answer names derive from it) */
  readonly fileName: string;
  readonly content: string;
  readonly receivedAt: Date;
  readonly ids: IdAllocator;
  /** delay between answer stages, seconds */
  readonly stepSeconds: number;
}

/** A counter from `start`, for tests and for the process (which persists `peek()`). */
export function counterFrom(start: number): IdAllocator & { peek(): number } {
  let value = start;
  return {
    next: () => {
      const current = value;
      value = value >= 999_999_999 ? 1 : value + 1;
      return current;
    },
    peek: () => value,
  };
}

/** Answers an inbound 837 file; an empty plan when it has no readable ISA to answer to. */
export function planAnswers(input: AnswerEngineInput): AnswerFile[] {
  const layout = inboundLayout(input.content);
  const plan = new Plan(input);
  let document: InterchangeDocument[];
  try {
    document = parseX12(input.content).interchanges;
  } catch (error) {
    if (!(error instanceof X12Error)) throw error;
    // Nothing inside a broken interchange is processed: a TA1 R for each readable ISA.
    for (const interchange of layout.interchanges) {
      plan.ta1(interchange, 'R', ta1NoteCodeOf(error));
    }
    return plan.files;
  }
  document.forEach((interchange, index) => {
    const interchangeLayout = layout.interchanges[index];
    if (interchangeLayout !== undefined) answerInterchange(plan, interchange, interchangeLayout);
  });
  return plan.files;
}

interface ClaimEntry {
  readonly claim: InboundClaim;
  readonly scenario: Scenario;
}

function answerInterchange(
  plan: Plan,
  interchange: InterchangeDocument,
  layout: InterchangeLayout,
): void {
  const envelopeNote = envelopeNoteCode(interchange.warnings, layout);
  if (envelopeNote !== null) {
    plan.ta1(layout, 'R', envelopeNote);
    return;
  }
  const acknowledgment = acknowledge837Interchange(interchange, layout, judgeSet);
  const claims = acknowledgment.sets.flatMap((set) => (set.accepted ? (set.judged ?? []) : []));
  const hasDuplicates = claims.some(({ scenario }) => scenario === 'DUPLICATE_FILES');
  if (interchange.acknowledgmentRequested)
    plan.ta1(layout, 'A', TA1_NOTE_CODES.noError, hasDuplicates);
  plan.functionalAck(layout, acknowledgment.groups, hasDuplicates);
  plan.claims(layout, claims);
}

/** The sandbox's scenarios of a set's claims; SBX-REJ999 members get their IK3/IK4. */
function judgeSet(set: Claims837, layout: SetLayout | undefined): SetJudgement<ClaimEntry[]> {
  const claims = set.claims.map((parsed) => {
    const claim = inboundClaimOf(parsed, set.variant);
    return { claim, scenario: scenarioOf(claim.memberId) };
  });
  const problems: SegmentProblem[] = [];
  claims.forEach(({ claim, scenario }, index) => {
    if (scenario !== 'REJECTED_999') return;
    const positions = layout?.claims[index];
    problems.push({
      segmentId: 'NM1',
      position: positions?.subscriberNamePosition ?? positions?.claimPosition ?? 1,
      loopId: '2010BA',
      code: '8', // segment has data element errors
      businessUnit: { name: 'CLM01', reference: claim.patientControlNumber },
      // NM109 (element 67) fails the payer's member id pattern
      elementErrors: [
        { position: 9, elementReference: '67', code: 'I12', badValue: claim.memberId },
      ],
    });
  });
  return { problems, result: claims };
}

/** TA105 for a defect of the ISA/IEA envelope; null when the envelope is sound. */
function envelopeNoteCode(
  warnings: readonly X12Warning[],
  layout: InterchangeLayout,
): string | null {
  const defect = warnings.find(
    (warning) =>
      warning.segmentId === 'IEA' ||
      (warning.segmentId === 'ISA' && warning.segment === layout.startOrdinal),
  );
  return defect === undefined ? null : ta1NoteCodeOf(defect);
}

const STAGE = {
  acknowledgment: 1,
  claimAcknowledgment: 2,
  pended: 3,
  remittance: 4,
  pendedRemittance: 5,
  reversal: 6,
} as const;

/** Collects the answer files of one inbound file. */
class Plan {
  readonly files: AnswerFile[] = [];
  readonly #input: AnswerEngineInput;
  readonly #base: string;

  constructor(input: AnswerEngineInput) {
    this.#input = input;
    const stem = input.fileName.replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9._-]/g, '_');
    this.#base = stem === '' ? 'inbound' : stem;
  }

  ta1(layout: InterchangeLayout, acknowledgment: 'A' | 'R', noteCode: string, twice = false): void {
    const controlNumber = this.#input.ids.next();
    const content = generateTa1({
      interchange: this.#envelope(layout, controlNumber, STAGE.acknowledgment),
      acknowledgedControlNumber: layout.controlNumber,
      acknowledgedDate: layout.date,
      acknowledgedTime: layout.time,
      acknowledgment,
      noteCode,
    });
    this.#add(STAGE.acknowledgment, controlNumber, 'ta1', content, twice);
  }

  functionalAck(layout: InterchangeLayout, groups: AcknowledgedGroupInput[], twice: boolean): void {
    if (groups.length === 0) return;
    const controlNumber = this.#input.ids.next();
    const content = generate999({
      interchange: this.#envelope(layout, controlNumber, STAGE.acknowledgment),
      senderCode: layout.receiverId,
      receiverCode: layout.senderId,
      groupControlNumber: controlNumber,
      firstTransactionSetControlNumber: 1,
      groups,
    });
    this.#add(STAGE.acknowledgment, controlNumber, '999', content, twice);
  }

  claims(layout: InterchangeLayout, entries: readonly ClaimEntry[]): void {
    const answered = entries.filter(
      ({ scenario }) => scenario !== 'NO_RESPONSE' && scenario !== 'REJECTED_999',
    );
    const shared = answered.filter(({ scenario }) => !needsOwnFiles(scenario));
    const own = answered.filter(({ scenario }) => needsOwnFiles(scenario));
    const sharedItems = shared.map((entry) => this.#inProcess(entry));
    this.#answerTogether(layout, sharedItems);
    for (const entry of own) this.#answerTogether(layout, [this.#inProcess(entry)]);
  }

  #inProcess(entry: ClaimEntry): ClaimInProcess & { scenario: Scenario } {
    const number = this.#input.ids.next();
    return {
      claim: entry.claim,
      scenario: entry.scenario,
      payerClaimControlNumber: `SBX${String(number).padStart(9, '0')}`,
    };
  }

  /** The 277CA, 277 and 835 files of a set of claims that share them. */
  #answerTogether(
    layout: InterchangeLayout,
    items: readonly (ClaimInProcess & { scenario: Scenario })[],
  ): void {
    if (items.length === 0) return;
    const twice = items.some(({ scenario }) => scenario === 'DUPLICATE_FILES');
    this.#acknowledgments(
      layout,
      STAGE.claimAcknowledgment,
      items.map((item) => ({
        item,
        status:
          item.scenario === 'REJECTED_277CA'
            ? // invalid billing provider NPI (the corpus's A7 example)
              { categoryCode: 'A7', statusCode: '562', entityCode: '85' }
            : { categoryCode: 'A2', statusCode: '20' },
      })),
      twice,
    );
    const pended = items.filter(({ scenario }) => scenario === 'PENDED');
    this.#acknowledgments(
      layout,
      STAGE.pended,
      // P1 pending/in process, 20 accepted for processing
      pended.map((item) => ({ item, status: { categoryCode: 'P1', statusCode: '20' } })),
      twice,
    );
    const adjudicated = items.filter(
      ({ scenario }) => scenario !== 'REJECTED_277CA' && scenario !== 'PENDED',
    );
    const malformed = adjudicated.filter(({ scenario }) => scenario === 'MALFORMED_835');
    const regular = adjudicated.filter(({ scenario }) => scenario !== 'MALFORMED_835');
    this.#remittance(layout, STAGE.remittance, regular.map(paid), twice, false);
    this.#remittance(layout, STAGE.remittance, malformed.map(paid), twice, true);
    this.#remittance(layout, STAGE.pendedRemittance, pended.map(paid), twice, false);
    const reversed = items.filter(({ scenario }) => scenario === 'REVERSED');
    this.#remittance(
      layout,
      STAGE.reversal,
      reversed.flatMap((item) => {
        const original = paid(item).outcome;
        const corrected = adjudicate('PAID', chargesOf(item.claim), { corrected: true });
        return [
          { item, outcome: reversalOf(original) },
          { item, outcome: corrected },
        ];
      }),
      twice,
      false,
    );
  }

  #acknowledgments(
    layout: InterchangeLayout,
    stage: number,
    claims: readonly ClaimStatusChoice[],
    twice: boolean,
  ): void {
    if (claims.length === 0) return;
    const controlNumber = this.#input.ids.next();
    const context: Acknowledgment277Context = {
      referenceId: `SBX${formatInterchangeControlNumber(controlNumber)}`,
      createdAt: this.#dueAt(stage),
      receivedAt: this.#input.receivedAt,
      receiverName: layout.senderId,
      receiverId: layout.senderId,
      batchTrace: layout.controlNumber,
      receiptTrace: `SBX${formatInterchangeControlNumber(controlNumber)}`,
    };
    const sets = claimAcknowledgments(claims, context).map((acknowledgment, index) =>
      transactionSet277ca(acknowledgment, index + 1),
    );
    const content = this.#interchange(layout, controlNumber, stage, 'HN', X214, sets);
    this.#add(stage, controlNumber, '277', content, twice);
  }

  #remittance(
    layout: InterchangeLayout,
    stage: number,
    claims: readonly RemittanceClaim[],
    twice: boolean,
    truncate: boolean,
  ): void {
    if (claims.length === 0) return;
    const controlNumber = this.#input.ids.next();
    const sets = remittances(claims, {
      paidAt: this.#dueAt(stage),
      receivedAt: this.#input.receivedAt,
      traceStem: `SBX${formatInterchangeControlNumber(controlNumber)}`,
    }).map((remittance, index) => transactionSet835(remittance, index + 1));
    const content = this.#interchange(layout, controlNumber, stage, 'HP', X221A1, sets);
    this.#add(stage, controlNumber, '835', truncate ? truncated(content) : content, twice);
  }

  #interchange(
    layout: InterchangeLayout,
    controlNumber: number,
    stage: number,
    functionalIdCode: string,
    version: string,
    sets: TransactionSetSpec[],
  ): string {
    return writeInterchange(this.#envelope(layout, controlNumber, stage), [
      {
        group: {
          functionalIdCode,
          senderCode: layout.receiverId,
          receiverCode: layout.senderId,
          controlNumber,
          version,
        },
        transactionSets: sets,
      },
    ]);
  }

  /** Our answer's envelope: the inbound sender and receiver swapped. */
  #envelope(layout: InterchangeLayout, controlNumber: number, stage: number): InterchangeEnvelope {
    return replyEnvelope(layout, controlNumber, this.#dueAt(stage));
  }

  #dueAt(stage: number): Date {
    return new Date(this.#input.receivedAt.getTime() + stage * this.#input.stepSeconds * 1000);
  }

  #add(stage: number, controlNumber: number, kind: string, content: string, twice: boolean): void {
    const name = `${this.#base}.${formatInterchangeControlNumber(controlNumber)}`;
    const dueAt = this.#dueAt(stage);
    this.files.push({ dueAt, fileName: `${name}.${kind}`, content });
    // the duplicate has another name, so it reaches the receiver even after the first is fetched
    if (twice) this.files.push({ dueAt, fileName: `${name}.copy.${kind}`, content });
  }
}

function chargesOf(claim: InboundClaim): number[] {
  return claim.lines.map((line) => line.chargeCents);
}

const ADJUDICATED: Partial<Record<Scenario, AdjudicatedScenario>> = {
  DEDUCTIBLE: 'DEDUCTIBLE',
  PARTIAL: 'PARTIAL',
  DENIED: 'DENIED',
  MISSING_INFO: 'MISSING_INFO',
};

function paid(item: ClaimInProcess & { scenario: Scenario }): {
  item: ClaimInProcess;
  outcome: ClaimOutcome;
} {
  return { item, outcome: adjudicate(ADJUDICATED[item.scenario] ?? 'PAID', chargesOf(item.claim)) };
}

/** The 835 cut off inside its first claim segment: no SE, GE or IEA, and a partial CLP. */
function truncated(content: string): string {
  const clp = content.indexOf('CLP');
  const cut = clp < 0 ? Math.floor(content.length / 2) : clp + 8;
  return content.slice(0, cut);
}
