// 835 (005010X221A1) remittance parser: one state machine fed segment by segment, used two ways.
// - create835Parser (the registry's TransactionParser): accumulates the claims of one ST..SE.
// - Remittance835Machine with an onClaim sink (parse835Stream): hands each claim over when the
//   next LX/CLP/PLB/SE begins and keeps nothing of it, so a 200 MB 835 needs constant memory.
// Tolerant of the defects real files have (X12.md sections 6 and 7), each recorded as a warning:
// a composite written with another component separator than ISA16, the BPR date in BPR15, a
// truncated CLP, CAS group CR. Money never goes through floating point (integer cents).

import {
  BalanceTracker,
  claimIssue,
  patientResponsibilityIssue,
  serviceIssue,
} from './balance-835.ts';
import { X12Error } from './errors.ts';
import { X12StreamReader, type X12Warning } from './interchange-reader.ts';
import { formatCents } from '#shared/domain/money/cents';
import { parseCents } from './money.ts';
import {
  MAX_REPORTED_WARNINGS,
  type Address835,
  type Adjustment835,
  type Balance835,
  type Claim835,
  type DateSpan835,
  type Patient835,
  type Procedure835,
  type ProviderAdjustment835,
  type Reference835,
  type Remittance835,
  type Remittance835Header,
  type Remittance835Summary,
  type ServiceLine835,
  type Warning835,
} from './remittance-835.ts';
import { element, idCode, SegmentView, slice, type Segment } from './segment.ts';
import type {
  TransactionContext,
  TransactionParser,
  TransactionParserFactory,
} from './transaction-parser.ts';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

type ClaimSink = (claim: Claim835, header: Remittance835Header) => void;

/** Where the machine is in the X221A1 loop structure. */
type Phase = 'header' | 'payer' | 'payee' | 'detail' | 'claim' | 'line' | 'footer';

/** Separators that senders use by mistake instead of ISA16 (X12.md pitfall 5). */
const FOREIGN_SEPARATORS = ':>|^!\\';
const DATE = /^(\d{4})(\d{2})(\d{2})$/;
const DECIMAL = /^-?(?:\d+(?:\.\d*)?|\.\d+)$/;
const MOA_REMARKS = [3, 4, 5, 6, 7] as const;
const MIA_REMARKS = [5, 20, 21, 22, 23] as const;
/** parse835Stream feeds its input in slices of at most this many characters or bytes. */
const STREAM_SLICE = 1 << 16;

/** Segment ids packed as the tokenizer packs them (SegmentView.code): the dispatch compares integers. */
const DTM_ID = idCode('DTM');
const CAS_ID = idCode('CAS');
const REF_ID = idCode('REF');
const SVC_ID = idCode('SVC');
const AMT_ID = idCode('AMT');
const CLP_ID = idCode('CLP');
const NM1_ID = idCode('NM1');
const LQ_ID = idCode('LQ');
const MOA_ID = idCode('MOA');
const MIA_ID = idCode('MIA');
const LX_ID = idCode('LX');
const PLB_ID = idCode('PLB');
const N1_ID = idCode('N1');
const N3_ID = idCode('N3');
const N4_ID = idCode('N4');
const BPR_ID = idCode('BPR');
const TRN_ID = idCode('TRN');

/** What a transaction set yields besides its claims (the streaming result per ST). */
export interface Transaction835Result {
  readonly header: Remittance835Header;
  readonly claimCount: number;
  readonly providerAdjustments: readonly ProviderAdjustment835[];
  readonly balance: Balance835;
  readonly warnings: readonly Warning835[];
}

/** The 835 state machine. Feed every segment between ST and SE, then call finish(). */
export class Remittance835Machine {
  readonly #controlNumber: string;
  readonly #onClaim: ClaimSink;
  #phase: Phase = 'header';

  // Header pieces, frozen into #header at the first LX/CLP/PLB (or at SE).
  #bpr: Segment | null = null;
  #trn: Segment | null = null;
  #productionDate: string | null = null;
  #payerName: string | null = null;
  #payerId: string | null = null;
  #payerReferenceId: string | null = null;
  #payerAddress: Mutable<Address835> | null = null;
  #payee: Mutable<Remittance835Header['payee']> | null = null;
  #header: Remittance835Header | null = null;

  #claim: Mutable<Claim835> | null = null;
  readonly #claimAdjustments = new WorkList<Adjustment835>();
  readonly #claimRemarks = new WorkList<string>();
  readonly #claimReferences = new WorkList<Reference835>();
  readonly #claimLines = new WorkList<ServiceLine835>();
  #line: Mutable<ServiceLine835> | null = null;
  readonly #lineAdjustments = new WorkList<Adjustment835>();
  readonly #lineRemarks = new WorkList<string>();
  #claimCount = 0;

  // Cents of the open claim and line, summed while parsing so balancing never re-reads strings.
  #claimCharge = 0;
  #claimPaid = 0;
  #claimStatedPr: number | null = null;
  #claimAdjusted = 0;
  #claimPr = 0;
  #lineCharge = 0;
  #linePaid = 0;
  #lineAdjusted = 0;

  readonly #providerAdjustments: ProviderAdjustment835[] = [];
  readonly #balance = new BalanceTracker();
  readonly #warnings: Warning835[] = [];

  constructor(controlNumber: string, onClaim: ClaimSink) {
    this.#controlNumber = controlNumber;
    this.#onClaim = onClaim;
  }

  /** A segment to read (a kept or hand-built one); the tokenizer's path is view(). */
  segment(s: Segment): void {
    this.view(SegmentView.of(s));
  }

  /** The next segment between ST and SE, as a view valid during this call. */
  view(s: SegmentView): void {
    switch (s.code) {
      // Ordered by how often each segment occurs in a typical 835 (cases compare in turn).
      case DTM_ID:
        this.#dtm(s);
        return;
      case CAS_ID:
        this.#cas(s);
        return;
      case REF_ID:
        this.#ref(s);
        return;
      case SVC_ID:
        this.#svc(s);
        return;
      case AMT_ID:
        if (this.#line !== null && this.#phase === 'line' && fieldIs(s, 1, 'B6')) {
          this.#line.allowedAmount = readAmount(s, 2);
        }
        return;
      case CLP_ID:
        this.#endClaim();
        this.#ensureHeader(s);
        this.#startClaim(s);
        return;
      case NM1_ID:
        if (this.#claim !== null && this.#phase === 'claim' && fieldIs(s, 1, 'QC')) {
          this.#claim.patient = patient(s);
        }
        return;
      case LQ_ID:
        if (this.#phase === 'line' && fieldIs(s, 1, 'HE')) {
          const code = el(s, 2);
          if (code !== '') this.#lineRemarks.push(code);
        }
        return;
      case MOA_ID:
        if (this.#phase === 'claim') for (const n of MOA_REMARKS) this.#remark(s, n);
        return;
      case MIA_ID:
        if (this.#phase === 'claim') for (const n of MIA_REMARKS) this.#remark(s, n);
        return;
      case LX_ID:
        this.#endClaim();
        this.#ensureHeader(s);
        this.#phase = 'detail';
        return;
      case PLB_ID:
        this.#endClaim();
        this.#ensureHeader(s);
        this.#phase = 'footer';
        this.#plb(s);
        return;
      case N1_ID:
        this.#n1(s);
        return;
      case N3_ID:
      case N4_ID:
        this.#address(s);
        return;
      case BPR_ID:
        this.#bpr = s.toSegment();
        return;
      case TRN_ID:
        if (this.#phase === 'header' && this.#trn === null) this.#trn = s.toSegment();
        return;
      default:
        // PER, N3, N4, TS3, TS2, QTY, RDM ... carry nothing the typed remittance keeps.
        return;
    }
  }

  /** Ends the transaction at SE: the last claim is handed over, the balance computed. */
  finish(trailer: Segment): Transaction835Result {
    this.#endClaim();
    const header = this.#ensureHeader(trailer);
    return {
      header,
      claimCount: this.#claimCount,
      providerAdjustments: this.#providerAdjustments,
      balance: this.#balance.finish(header.payment),
      warnings: this.#warnings,
    };
  }

  // ---- header ----

  #n1(s: SegmentView): void {
    if (this.#claim !== null || this.#header !== null) return;
    const entity = el(s, 1);
    if (entity === 'PR') {
      this.#phase = 'payer';
      this.#payerName = el(s, 2);
      this.#payerId = orNull(el(s, 4));
    } else if (entity === 'PE') {
      this.#phase = 'payee';
      const qualifier = orNull(el(s, 3));
      const id = orNull(el(s, 4));
      this.#payee = {
        name: el(s, 2),
        address: null,
        idQualifier: qualifier,
        id,
        npi: qualifier === 'XX' ? id : null,
        taxId: qualifier === 'FI' ? id : null,
      };
    }
  }

  #address(s: SegmentView): void {
    let address: Mutable<Address835>;
    if (this.#phase === 'payer') {
      address = this.#payerAddress ??= emptyAddress();
    } else if (this.#phase === 'payee' && this.#payee !== null) {
      address = this.#payee.address ??= emptyAddress();
    } else {
      return;
    }
    if (s.id === 'N3') {
      address.line1 = orNull(el(s, 1));
      address.line2 = orNull(el(s, 2));
    } else {
      address.city = orNull(el(s, 1));
      address.state = orNull(el(s, 2));
      address.postalCode = orNull(el(s, 3));
    }
  }

  #ensureHeader(at: Located): Remittance835Header {
    if (this.#header !== null) return this.#header;
    if (this.#bpr === null) throw missing(at, 'BPR');
    if (this.#trn === null) throw missing(at, 'TRN');
    const bpr = SegmentView.of(this.#bpr);
    const trn = SegmentView.of(this.#trn);
    if (this.#payerName === null) throw missing(at, 'N1*PR');
    if (this.#payee === null) throw missing(at, 'N1*PE');
    this.#header = {
      type: '835',
      controlNumber: this.#controlNumber,
      payment: {
        totalAmount: this.#amount(bpr, 2),
        creditDebitFlag: this.#required(bpr, 3),
        handlingCode: this.#required(bpr, 1),
        method: this.#required(bpr, 4),
        date: this.#paymentDate(bpr),
        traceNumber: this.#required(trn, 2),
        originatorId: orNull(el(trn, 3)),
        productionDate: this.#productionDate,
      },
      payer: {
        name: this.#payerName,
        address: this.#payerAddress,
        id: this.#payerId ?? this.#payerReferenceId,
      },
      payee: this.#payee,
    };
    return this.#header;
  }

  /** BPR16; some files put it in BPR15 and leave BPR16 empty (X12.md pitfall 6). */
  #paymentDate(bpr: SegmentView): string | null {
    if (el(bpr, 16) !== '') return this.#date(bpr, 16);
    const shifted = el(bpr, 15);
    if (DATE.test(shifted) && calendarDate(shifted) !== null) {
      this.#warn(
        'SHIFTED_ELEMENT',
        bpr,
        15,
        'BPR16 is empty; the payment date was read from BPR15',
      );
      return calendarDate(shifted);
    }
    this.#warn('MISSING_ELEMENT', bpr, 16, 'BPR16 payment date is missing; read as null');
    return null;
  }

  // ---- claims and lines ----

  #startClaim(s: SegmentView): void {
    this.#phase = 'claim';
    this.#claimAdjustments.count = 0;
    this.#claimRemarks.count = 0;
    this.#claimReferences.count = 0;
    this.#claimLines.count = 0;
    // Each amount's cents are taken right after its string (see readAmount).
    const chargeAmount = this.#amount(s, 3);
    this.#claimCharge = amountCents;
    const paidAmount = this.#amount(s, 4);
    this.#claimPaid = amountCents;
    const statedPr = readAmount(s, 5);
    this.#claimStatedPr = statedPr === null ? null : amountCents;
    this.#claimAdjusted = 0;
    this.#claimPr = 0;
    this.#claim = {
      patientControlNumber: this.#required(s, 1),
      statusCode: this.#required(s, 2),
      chargeAmount,
      paidAmount,
      patientResponsibilityAmount: statedPr,
      claimFilingIndicator: this.#required(s, 6),
      payerClaimControlNumber: orNull(el(s, 7)),
      facilityCode: orNull(el(s, 8)),
      frequencyCode: orNull(el(s, 9)),
      // The lists are filled in the machine's working arrays and copied at the end of the
      // claim at their exact length (a pushed-to array keeps room for 17 entries).
      adjustments: NONE,
      remarkCodes: NONE,
      patient: null,
      references: NONE,
      serviceDates: null,
      receivedDate: null,
      serviceLines: NONE,
    };
  }

  #svc(s: SegmentView): void {
    if (this.#claim === null) throw unexpected(s, 'SVC outside a claim (no CLP before it)');
    this.#endLine();
    this.#phase = 'line';
    this.#procedureParts(s, 1);
    this.#lineAdjustments.count = 0;
    this.#lineRemarks.count = 0;
    const chargeAmount = this.#amount(s, 2);
    this.#lineCharge = amountCents;
    const paidAmount = this.#amount(s, 3);
    this.#linePaid = amountCents;
    this.#lineAdjusted = 0;
    this.#line = {
      procedureQualifier,
      procedureCode,
      modifiers: procedureModifiers,
      chargeAmount,
      paidAmount,
      revenueCode: orNull(el(s, 4)),
      units: quantity(s, 5),
      originalProcedure: el(s, 6) === '' ? null : this.#procedure(s, 6),
      originalUnits: quantity(s, 7),
      serviceDate: null,
      lineItemControlNumber: null,
      allowedAmount: null,
      adjustments: NONE,
      remarkCodes: NONE,
    };
  }

  #endLine(): void {
    const line = this.#line;
    if (line === null) return;
    line.adjustments = this.#lineAdjustments.take();
    line.remarkCodes = this.#lineRemarks.take();
    this.#balance.record(
      serviceIssue(
        this.#lineCharge,
        this.#lineAdjusted,
        this.#linePaid,
        this.#claimCount,
        this.#claimLines.count,
      ),
    );
    this.#claimLines.push(line);
    this.#line = null;
  }

  #endClaim(): void {
    const claim = this.#claim;
    if (claim === null) return;
    this.#endLine();
    this.#claim = null;
    claim.adjustments = this.#claimAdjustments.take();
    claim.remarkCodes = this.#claimRemarks.take();
    claim.references = this.#claimReferences.take();
    // An empty list of lines stays a fresh array, as before.
    claim.serviceLines = this.#claimLines.count === 0 ? [] : this.#claimLines.take();
    const index = this.#claimCount++;
    const balance = this.#balance;
    balance.addPaid(this.#claimPaid);
    if (claim.serviceLines.length > 0 || claim.adjustments.length > 0) {
      balance.record(claimIssue(this.#claimCharge, this.#claimAdjusted, this.#claimPaid, index));
    }
    balance.record(patientResponsibilityIssue(this.#claimStatedPr, this.#claimPr, index));
    // #ensureHeader ran at the CLP that opened this claim, so the header is set. The sink may
    // parse other X12 meanwhile: every read goes through a view of its own tokenizer, so the
    // segment being handled here is not disturbed.
    this.#onClaim(claim, this.#header as Remittance835Header);
  }

  #cas(s: SegmentView): void {
    let target: WorkList<Adjustment835>;
    const onLine = this.#phase === 'line';
    if (onLine) target = this.#lineAdjustments;
    else if (this.#phase === 'claim') target = this.#claimAdjustments;
    else throw unexpected(s, 'CAS outside a claim or service line');
    const group = el(s, 1);
    if (!isCasGroup(group)) {
      this.#warn(
        'INVALID_CODE',
        s,
        1,
        group === 'CR'
          ? 'CAS group CR (corrections and reversals) is not valid in 5010; kept as CR'
          : 'CAS01 is not a 5010 group code (CO, PR, OA, PI); kept as sent',
      );
    }
    for (let n = 2; n <= 17; n += 3) {
      if (n >= s.count) break;
      const noReason = isEmpty(s, n);
      const noAmount = isEmpty(s, n + 1);
      if (noReason && noAmount) continue;
      if (noReason || noAmount) {
        this.#warn(
          'MISSING_ELEMENT',
          s,
          noReason ? n : n + 1,
          'CAS triple without reason or amount; triple skipped',
        );
        continue;
      }
      const reason = el(s, n);
      const amount = this.#amount(s, n + 1);
      const cents = amountCents;
      this.#claimAdjusted += cents;
      if (onLine) this.#lineAdjusted += cents;
      if (group === 'PR') this.#claimPr += cents;
      const units = quantity(s, n + 2);
      target.push(
        units === null ? { group, reason, amount } : { group, reason, amount, quantity: units },
      );
    }
  }

  #dtm(s: SegmentView): void {
    const qualifier = qualifierCode(s, 1);
    switch (this.#phase) {
      case 'header':
        if (qualifier === Q_405) this.#productionDate = this.#date(s, 2);
        return;
      case 'claim': {
        const claim = this.#claim;
        if (claim === null) return;
        if (qualifier === Q_232)
          claim.serviceDates = span(this.#date(s, 2), claim.serviceDates?.to ?? null);
        else if (qualifier === Q_233)
          claim.serviceDates = span(claim.serviceDates?.from ?? null, this.#date(s, 2));
        else if (qualifier === Q_050) claim.receivedDate = this.#date(s, 2);
        return;
      }
      case 'line': {
        const line = this.#line;
        if (line === null) return;
        if (qualifier === Q_472) {
          const date = this.#date(s, 2);
          line.serviceDate = date === null ? { from: null, to: null } : singleDay(date);
        } else if (qualifier === Q_150) {
          line.serviceDate = { from: this.#date(s, 2), to: line.serviceDate?.to ?? null };
        } else if (qualifier === Q_151) {
          line.serviceDate = { from: line.serviceDate?.from ?? null, to: this.#date(s, 2) };
        }
        return;
      }
      default:
        return;
    }
  }

  #ref(s: SegmentView): void {
    switch (this.#phase) {
      case 'payer':
        if (fieldIs(s, 1, '2U')) this.#payerReferenceId = orNull(el(s, 2));
        return;
      case 'payee':
        if (fieldIs(s, 1, 'TJ') && this.#payee !== null && this.#payee.taxId === null) {
          this.#payee.taxId = orNull(el(s, 2));
        }
        return;
      case 'claim':
        this.#claimReferences.push({ qualifier: el(s, 1), value: el(s, 2) });
        return;
      case 'line':
        if (fieldIs(s, 1, '6R') && this.#line !== null)
          this.#line.lineItemControlNumber = orNull(el(s, 2));
        return;
      default:
        return;
    }
  }

  #remark(s: SegmentView, n: number): void {
    const code = el(s, n);
    if (code !== '') this.#claimRemarks.push(code);
  }

  #plb(s: SegmentView): void {
    const providerId = this.#required(s, 1);
    const fiscalPeriodDate = this.#date(s, 2);
    for (let n = 3; n <= 13; n += 2) {
      const reasonText = el(s, n);
      const amountText = el(s, n + 1);
      if (reasonText === '' && amountText === '') continue;
      if (reasonText === '' || amountText === '') {
        this.#warn(
          'MISSING_ELEMENT',
          s,
          reasonText === '' ? n : n + 1,
          'PLB pair without reason or amount; pair skipped',
        );
        continue;
      }
      const parts = this.#composite(s, n);
      const amount = this.#amount(s, n + 1);
      const cents = amountCents;
      this.#providerAdjustments.push({
        providerId,
        fiscalPeriodDate,
        reason: parts[0] ?? '',
        reference: orNull(parts[1] ?? ''),
        amount,
      });
      this.#balance.addProviderAdjustment(cents);
    }
  }

  // ---- elements ----

  #procedure(s: SegmentView, n: number): Procedure835 {
    this.#procedureParts(s, n);
    return { qualifier: procedureQualifier, code: procedureCode, modifiers: procedureModifiers };
  }

  /** Reads the procedure composite of element n into procedureQualifier, -Code, -Modifiers. */
  #procedureParts(s: SegmentView, n: number): void {
    if (n < s.count && procedureInPlace(s, s.delimiters.component.charCodeAt(0), n)) return;
    const parts = this.#composite(s, n);
    const modifiers: string[] = [];
    // Components 3..6 are modifiers; component 7 is a description, not kept.
    for (let i = 2; i < 6 && i < parts.length; i++) {
      const modifier = parts[i];
      if (modifier !== undefined && modifier !== '') modifiers.push(modifier);
    }
    procedureQualifier = parts[0] ?? '';
    procedureCode = parts[1] ?? '';
    procedureModifiers = exact(modifiers);
  }

  /**
   * Components of a composite. When the value does not contain ISA16 but carries another usual
   * separator right after a two-character qualifier (`HC>55669` with ISA16 `:`), split on that.
   */
  #composite(s: SegmentView, n: number): string[] {
    const value = el(s, n);
    if (value === '') return [];
    const declared = s.delimiters.component;
    const parts = value.split(declared);
    if (parts.length > 1) return parts;
    const candidate = value.charAt(2);
    if (value.length > 3 && candidate !== declared && FOREIGN_SEPARATORS.includes(candidate)) {
      this.#warn(
        'COMPONENT_SEPARATOR',
        s,
        n,
        'composite uses another component separator than ISA16',
      );
      return value.split(candidate);
    }
    return parts;
  }

  /** A required element; when empty it reads as '' with a warning (the file is still used). */
  #required(s: SegmentView, n: number): string {
    const value = el(s, n);
    if (value === '')
      this.#warn('MISSING_ELEMENT', s, n, 'required element is empty; read as empty');
    return value;
  }

  /**
   * A required amount as money, its cents in `amountCents`; when empty it reads as 0.00 with a
   * warning (truncated CLP exist).
   */
  #amount(s: SegmentView, n: number): string {
    const amount = readAmount(s, n);
    if (amount !== null) return amount;
    this.#warn('MISSING_ELEMENT', s, n, 'required amount is empty; read as 0.00');
    return ZERO_AMOUNT;
  }

  #date(s: SegmentView, n: number): string | null {
    if (isEmpty(s, n)) return null;
    const date = dateOfElement(s, n);
    if (date === null)
      this.#warn('INVALID_DATE', s, n, 'not a CCYYMMDD calendar date; read as null');
    return date;
  }

  #warn(code: Warning835['code'], s: Located, position: number, message: string): void {
    if (this.#warnings.length >= MAX_REPORTED_WARNINGS) return;
    const name = `${s.id}${String(position).padStart(2, '0')}`;
    this.#warnings.push({
      code,
      segment: s.ordinal,
      segmentId: s.id,
      position,
      message: `${name}: ${message}`,
    });
  }
}

/** The registry's parser for ST01 = 835: accumulates the claims of one transaction set. */
export const create835Parser: TransactionParserFactory<Remittance835> = (context) => {
  const claims: Claim835[] = [];
  return machineParser(
    context,
    (claim) => {
      claims.push(claim);
    },
    (result) => ({
      ...result.header,
      claims,
      providerAdjustments: result.providerAdjustments,
      balance: result.balance,
      warnings: result.warnings,
    }),
  );
};

/** A transaction parser around one machine; `shape` makes its result of the machine's. */
function machineParser<T>(
  context: TransactionContext,
  onClaim: ClaimSink,
  shape: (result: Transaction835Result) => T,
): TransactionParser<T> {
  const machine = new Remittance835Machine(element(context.header, 2), onClaim);
  return {
    segment: (segment) => {
      machine.segment(segment);
    },
    view: (view) => {
      machine.view(view);
    },
    finish: (trailer) => shape(machine.finish(trailer)),
  };
}

// ---- helpers ----

// ---- fields of the segment being parsed ----
//
// The machine reads each segment straight from the tokenizer's text through its view: amounts,
// dates, quantities and qualifiers are read in place, so only the values a claim keeps become
// strings. Every read names the view it reads, so a claim sink that parses other X12 (through
// another tokenizer and its own view) never disturbs the segment being handled.

/** What errors and warnings name of a segment: its ordinal and id (a Segment or a view). */
type Located = Pick<Segment, 'ordinal' | 'id'>;

function el(s: SegmentView, n: number): string {
  if (n >= s.count) return '';
  return slice(s.text, s.starts[n] as number, s.ends[n] as number);
}

/** Element n equals `literal`, compared in place (no string is made for a qualifier). */
function fieldIs(s: SegmentView, n: number, literal: string): boolean {
  if (n >= s.count) return literal === '';
  const from = s.starts[n] as number;
  if ((s.ends[n] as number) - from !== literal.length) return false;
  const text = s.text;
  for (let i = 0; i < literal.length; i++) {
    if (text.charCodeAt(from + i) !== literal.charCodeAt(i)) return false;
  }
  return true;
}

/**
 * Element n packed like a segment id when it has two or three characters (a qualifier such as
 * 472 or 6R, compared as one integer), else -1.
 */
function qualifierCode(s: SegmentView, n: number): number {
  if (n >= s.count) return -1;
  const from = s.starts[n] as number;
  const length = (s.ends[n] as number) - from;
  const text = s.text;
  if (length === 3) {
    return (
      (text.charCodeAt(from) << 16) | (text.charCodeAt(from + 1) << 8) | text.charCodeAt(from + 2)
    );
  }
  if (length === 2) return (text.charCodeAt(from) << 8) | text.charCodeAt(from + 1);
  return -1;
}

const Q_405 = idCode('405');
const Q_232 = idCode('232');
const Q_233 = idCode('233');
const Q_050 = idCode('050');
const Q_472 = idCode('472');
const Q_150 = idCode('150');
const Q_151 = idCode('151');

function isEmpty(s: SegmentView, n: number): boolean {
  return n >= s.count || s.starts[n] === s.ends[n];
}

/** A non-empty DT element as YYYY-MM-DD, null when it is not a calendar date CCYYMMDD. */
function dateOfElement(s: SegmentView, n: number): string | null {
  const from = s.starts[n] as number;
  const to = s.ends[n] as number;
  if (to - from !== 8) return null;
  const text = s.text;
  let key = 0;
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    if (code < 48 || code > 57) return null;
    key = key * 10 + (code - 48);
  }
  // Dates repeat across claims: a small direct-mapped cache keyed by the number CCYYMMDD.
  const slot = key & (DATE_SLOTS - 1);
  if (dateKeys[slot] === key) return dateValues[slot] ?? null;
  const date = checkedDate(text.slice(from, to));
  dateKeys[slot] = key;
  dateValues[slot] = date;
  return date;
}

const DATE_SLOTS = 1024;
const dateKeys = new Int32Array(DATE_SLOTS).fill(-1);
const dateValues: (string | null)[] = new Array<string | null>(DATE_SLOTS).fill(null);

function isCasGroup(group: string): boolean {
  return group === 'CO' || group === 'PR' || group === 'OA' || group === 'PI';
}

/** The procedure composite read last by #procedureParts / procedureInPlace. */
let procedureQualifier = '';
let procedureCode = '';
let procedureModifiers: readonly string[] = [];

/**
 * Reads the procedure composite of element n in place into procedureQualifier, -Code and
 * -Modifiers; false when the element does not contain the declared component separator (then
 * #composite decides, with its foreign-separator tolerance). Same result as splitting:
 * components 3..6 are the modifiers, each list made at its exact length.
 */
function procedureInPlace(s: SegmentView, separator: number, n: number): boolean {
  const text = s.text;
  const from = s.starts[n] as number;
  const to = s.ends[n] as number;
  let qualifier = '';
  let code = '';
  let first: string | null = null;
  let more: string[] | null = null;
  let component = 0;
  let start = from;
  for (let i = from; i <= to; i++) {
    if (i < to && text.charCodeAt(i) !== separator) continue;
    if (component === 0) {
      if (i === to) return false;
      qualifier = slice(text, start, i);
    } else if (component === 1) {
      code = slice(text, start, i);
    } else if (component < 6 && i > start) {
      const modifier = slice(text, start, i);
      if (first === null) first = modifier;
      else (more ??= [first]).push(modifier);
    } else if (component >= 6) {
      break;
    }
    component++;
    start = i + 1;
  }
  procedureQualifier = qualifier;
  procedureCode = code;
  procedureModifiers = more !== null ? more.slice() : first !== null ? [first] : NONE;
  return true;
}

/**
 * A list the machine fills for one claim or line and reuses: `take()` hands over a copy at the
 * exact length (an array grown by push keeps room for 17 entries, which 50,000 kept claims pay
 * for in memory and garbage-collector time), and emptying it is a counter reset.
 */
class WorkList<T> {
  readonly items: T[] = [];
  count = 0;

  push(item: T): void {
    this.items[this.count++] = item;
  }

  take(): readonly T[] {
    const items = this.items;
    // Literals for the usual one or two entries: allocated inline, unlike a call to slice.
    switch (this.count) {
      case 0:
        return NONE;
      case 1:
        return [items[0] as T];
      case 2:
        return [items[0] as T, items[1] as T];
      default:
        return items.slice(0, this.count);
    }
  }
}

/** A working list's content at its exact length (the shared empty list when empty). */
function exact<T>(items: T[]): readonly T[] {
  return items.length === 0 ? NONE : items.slice();
}

function orNull(value: string): string | null {
  return value === '' ? null : value;
}

function at(
  s: Located,
  position: number,
): { segment: number; segmentId: string; position: number } {
  return { segment: s.ordinal, segmentId: s.id, position };
}

/**
 * Empty lists of closed claims and lines all share this frozen array: a file of 50,000 claims
 * then keeps about 100,000 fewer objects alive (the output types are readonly anyway).
 */
const NONE: readonly never[] = Object.freeze([]);

/** Single-day service dates (DTM*472), shared like the date strings themselves. */
const spanCache = new Map<string, DateSpan835>();

/** A date span; a single day is the shared one of singleDay. */
function span(from: string | null, to: string | null): DateSpan835 {
  return from !== null && from === to ? singleDay(from) : { from, to };
}

function singleDay(date: string): DateSpan835 {
  // Consecutive lines mostly share their date (the same string, from the date cache).
  if (date === lastDay?.from) return lastDay;
  let span = spanCache.get(date);
  if (span === undefined) {
    span = Object.freeze({ from: date, to: date });
    if (spanCache.size >= 512) spanCache.clear();
    spanCache.set(date, span);
  }
  lastDay = span;
  return span;
}

let lastDay: DateSpan835 | null = null;

/** Dates repeat across claims; remembering a few hundred saves a Date per DTM. */
const dateCache = new Map<string, string | null>();

function calendarDate(value: string): string | null {
  const cached = dateCache.get(value);
  if (cached !== undefined) return cached;
  const date = checkedDate(value);
  if (dateCache.size >= 512) dateCache.clear();
  dateCache.set(value, date);
  return date;
}

function checkedDate(value: string): string | null {
  const match = DATE.exec(value);
  if (match === null) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1) return null;
  // Day 0 of the next month is the last day of this one.
  if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return null;
  return `${match[1]}-${match[2]}-${match[3]}`;
}

const ZERO_AMOUNT = '0.00';

/** Cents of the amount readAmount read last (0 when it was empty). */
let amountCents = 0;

/**
 * Element n, an R (decimal) amount, as a two-place money string, its integer cents left in
 * `amountCents`; null when empty. Plain decimals with at most two places (nearly all amounts) are
 * read digit by digit, and one already written as formatCents would write it ("400.47") is
 * sliced rather than formatted; anything else goes to parseCents, which rounds extra places or
 * throws.
 */
function readAmount(s: SegmentView, n: number): string | null {
  amountCents = 0;
  if (n >= s.count) return null;
  const from = s.starts[n] as number;
  const to = s.ends[n] as number;
  if (from === to) return null;
  const text = s.text;
  let i = from;
  let negative = false;
  if (text.charCodeAt(i) === 45) {
    negative = true;
    i++;
  }
  let whole = 0;
  let digits = 0;
  for (; i < to; i++) {
    const code = text.charCodeAt(i);
    if (code === 46) break;
    if (code < 48 || code > 57 || digits === 13) return unusualAmount(s, n);
    whole = whole * 10 + (code - 48);
    digits++;
  }
  let fraction = 0;
  let places = 0;
  for (i++; i < to; i++) {
    const code = text.charCodeAt(i);
    if (code < 48 || code > 57 || places === 2) return unusualAmount(s, n);
    fraction = fraction * 10 + (code - 48);
    places++;
  }
  if (digits === 0 && places === 0) return unusualAmount(s, n);
  const cents = whole * 100 + (places === 1 ? fraction * 10 : fraction);
  amountCents = negative && cents !== 0 ? -cents : cents;
  // Already written as formatCents would write it ("400.47", "-0.05")? Then it is sliced.
  if (
    places === 2 &&
    digits > 0 &&
    (digits === 1 || text.charCodeAt(negative ? from + 1 : from) !== 48) &&
    !(negative && cents === 0)
  ) {
    return text.slice(from, to);
  }
  return formatCents(amountCents);
}

/** An amount in another form than the usual ones (more places, long, malformed): parseCents decides. */
function unusualAmount(s: SegmentView, n: number): string {
  amountCents = parseCents(el(s, n), at(s, n));
  return formatCents(amountCents);
}

/** An R (decimal) quantity element as a number, null when absent. */
function quantity(s: SegmentView, n: number): number | null {
  if (isEmpty(s, n)) return null;
  // Whole numbers of units (nearly all) are read in place.
  const from = s.starts[n] as number;
  const to = s.ends[n] as number;
  if (to - from <= 9) {
    const text = s.text;
    let units = 0;
    let i = from;
    for (; i < to; i++) {
      const code = text.charCodeAt(i);
      if (code < 48 || code > 57) break;
      units = units * 10 + (code - 48);
    }
    if (i === to) return units;
  }
  const value = el(s, n);
  if (!DECIMAL.test(value)) {
    throw new X12Error(
      'INVALID_ELEMENT',
      `${s.id}${String(n).padStart(2, '0')} is not a decimal quantity`,
      at(s, n),
    );
  }
  return Number(value);
}

function emptyAddress(): Mutable<Address835> {
  return { line1: null, line2: null, city: null, state: null, postalCode: null };
}

function patient(s: SegmentView): Patient835 {
  return {
    lastName: el(s, 3),
    firstName: orNull(el(s, 4)),
    idQualifier: orNull(el(s, 8)),
    id: orNull(el(s, 9)),
  };
}

function missing(s: Located, what: string): X12Error {
  return new X12Error(
    'MISSING_SEGMENT',
    `835 has no ${what} before ${s.id} (segment ${s.ordinal})`,
    at(s, 0),
  );
}

function unexpected(s: Located, message: string): X12Error {
  return new X12Error('UNEXPECTED_SEGMENT', `segment ${s.ordinal}: ${message}`, at(s, 0));
}

// ---- streaming ----

/**
 * A registry parser for ST01 = 835 that hands each claim to `onClaim` as it completes and keeps
 * none: the transaction's result is its summary (header, claim count, PLB, balance, warnings).
 */
export function summary835Parser(
  onClaim: ClaimSink,
): TransactionParserFactory<Remittance835Summary> {
  return (context) =>
    machineParser(context, onClaim, (result) => ({
      ...result.header,
      claimCount: result.claimCount,
      providerAdjustments: result.providerAdjustments,
      balance: result.balance,
      warnings: result.warnings,
    }));
}

export interface Parse835StreamResult {
  /** one per 835 transaction set, in file order, without its claims */
  readonly transactions: readonly Remittance835Summary[];
  /** envelope defects (counts, control numbers) that did not stop the parse */
  readonly envelopeWarnings: readonly X12Warning[];
}

/**
 * Parses an 835 file claim by claim: `onClaim` receives each claim with its transaction's header
 * as soon as the next LX/CLP/PLB/SE shows the claim is complete, and is awaited before more input
 * is read, so memory stays bounded by one input chunk whatever the file's size. Every transaction
 * set must be an 835 (anything else throws UNSUPPORTED_TRANSACTION).
 */
export async function parse835Stream(
  source: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
  onClaim: (claim: Claim835, header: Remittance835Header) => void | Promise<void>,
): Promise<Parse835StreamResult> {
  // Claims and their headers alternate in one list (no wrapper object per claim).
  const pending: (Claim835 | Remittance835Header)[] = [];
  const transactions: Remittance835Summary[] = [];
  const envelopeWarnings: X12Warning[] = [];
  const factory = summary835Parser((claim, header) => {
    pending.push(claim, header);
  });
  const reader = new X12StreamReader(
    { parsers: { '835': factory }, requireParser: true },
    {
      transaction: (event) => {
        transactions.push(event.transaction as Remittance835Summary);
      },
      warning: (warning) => {
        envelopeWarnings.push(warning);
      },
    },
  );
  const drain = async (): Promise<void> => {
    // Index loop, then clear: onClaim may be slow, and nothing is added while it runs.
    for (let i = 0; i + 1 < pending.length; i += 2) {
      // Awaiting only what is a promise: an await per claim of a synchronous callback costs a
      // microtask turn each, which a 500,000-claim file notices.
      const done = onClaim(pending[i] as Claim835, pending[i + 1] as Remittance835Header);
      if (done !== undefined) await done;
    }
    pending.length = 0;
  };
  for await (const chunk of source) {
    // Big chunks (a whole file as one string) are fed in slices so pending claims stay few.
    for (let start = 0; start < chunk.length; start += STREAM_SLICE) {
      reader.write(
        start === 0 && chunk.length <= STREAM_SLICE
          ? chunk
          : typeof chunk === 'string'
            ? chunk.slice(start, start + STREAM_SLICE)
            : chunk.subarray(start, start + STREAM_SLICE),
      );
      await drain();
    }
  }
  reader.end();
  await drain();
  return { transactions, envelopeWarnings };
}
