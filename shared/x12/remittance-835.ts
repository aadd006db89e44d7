// The typed 835 (005010X221A1) remittance that the parser produces and the generator consumes.
// Money is a two-place decimal string ("567.00", "-15.50"), dates are YYYY-MM-DD, absent
// situational values are null. These names are a contract shared with the rest of the engine.

/** One reason/amount/quantity triple of a CAS segment (a CAS carries up to six). */
export interface Adjustment835 {
  /** CAS01: CO, PR, OA, PI (CR in pre-5010 files, kept and flagged with a warning) */
  readonly group: string;
  /** CARC, e.g. 45 */
  readonly reason: string;
  /** positive decreases payment, negative increases it */
  readonly amount: string;
  /** present only when the CAS carries a quantity for this triple */
  readonly quantity?: number;
}

/** A DTM pair: claim statement dates (232/233) or service dates (472, or 150/151). */
export interface DateSpan835 {
  readonly from: string | null;
  readonly to: string | null;
}

/** A procedure as written in SVC01 / SVC06 (composite qualifier:code:modifiers...:description). */
export interface Procedure835 {
  /** HC (HCPCS/CPT), AD (dental), N4 (NDC), NU (revenue), ZZ ... */
  readonly qualifier: string;
  readonly code: string;
  readonly modifiers: readonly string[];
}

export interface ServiceLine835 {
  readonly procedureQualifier: string;
  readonly procedureCode: string;
  readonly modifiers: readonly string[];
  /** SVC02 */
  readonly chargeAmount: string;
  /** SVC03 */
  readonly paidAmount: string;
  /** SVC04 (NUBC revenue code), null when absent */
  readonly revenueCode: string | null;
  /** SVC05 units of service paid, null when absent */
  readonly units: number | null;
  /** SVC06: the procedure as submitted when the payer adjudicated a different one */
  readonly originalProcedure: Procedure835 | null;
  /** SVC07 units as submitted, null when absent */
  readonly originalUnits: number | null;
  /** DTM*472 (from = to), or DTM*150 / DTM*151; null when the line has no date */
  readonly serviceDate: DateSpan835 | null;
  /** REF*6R: echoes the 837 line item control number (REF*6R in 2400) */
  readonly lineItemControlNumber: string | null;
  /** AMT*B6 */
  readonly allowedAmount: string | null;
  readonly adjustments: readonly Adjustment835[];
  /** LQ*HE remark codes (RARC) */
  readonly remarkCodes: readonly string[];
}

export interface Patient835 {
  readonly lastName: string;
  readonly firstName: string | null;
  /** NM108, e.g. MI member id, HN health insurance claim number */
  readonly idQualifier: string | null;
  readonly id: string | null;
}

export interface Reference835 {
  readonly qualifier: string;
  readonly value: string;
}

export interface Claim835 {
  /** CLP01: the 837 CLM01 exactly; not unique in real files (match on CLP07, charge and dates too) */
  readonly patientControlNumber: string;
  /** CLP02: 1/2/3 processed, 4 denied, 19/20/21 forwarded, 22 reversal, 23, 25 */
  readonly statusCode: string;
  readonly chargeAmount: string;
  readonly paidAmount: string;
  /** CLP05, null when absent */
  readonly patientResponsibilityAmount: string | null;
  readonly claimFilingIndicator: string;
  /** CLP07 payer claim control number (= 277CA REF*1K), null when absent */
  readonly payerClaimControlNumber: string | null;
  /** CLP08 facility type / place of service, null when absent */
  readonly facilityCode: string | null;
  /** CLP09 claim frequency, null when absent */
  readonly frequencyCode: string | null;
  /** claim-level CAS, one entry per triple, in file order */
  readonly adjustments: readonly Adjustment835[];
  /** MOA03-07 and MIA05/MIA20-23 remark codes */
  readonly remarkCodes: readonly string[];
  /** NM1*QC */
  readonly patient: Patient835 | null;
  /** claim-level REF (EA, 9A, F8, 1L, ...) */
  readonly references: readonly Reference835[];
  /** DTM*232 / DTM*233 */
  readonly serviceDates: DateSpan835 | null;
  /** DTM*050 */
  readonly receivedDate: string | null;
  readonly serviceLines: readonly ServiceLine835[];
}

export interface ProviderAdjustment835 {
  /** PLB01 */
  readonly providerId: string;
  /** PLB02 */
  readonly fiscalPeriodDate: string | null;
  /** PLB03-1 (element 426), e.g. WO, FB, L6, 72 */
  readonly reason: string;
  /** PLB03-2, e.g. the claim number a recoupment refers to */
  readonly reference: string | null;
  /** positive decreases the payment, negative increases it */
  readonly amount: string;
}

export interface Payment835 {
  /** BPR02 */
  readonly totalAmount: string;
  /** BPR03: C credit, D debit */
  readonly creditDebitFlag: string;
  /** BPR01: C, D, H, I, P, U, X */
  readonly handlingCode: string;
  /** BPR04: ACH, BOP, CHK, FWT, NON */
  readonly method: string;
  /** BPR16 (BPR15 tolerated with a warning), null when absent or not a date */
  readonly date: string | null;
  /** TRN02 check or EFT trace number */
  readonly traceNumber: string;
  /** TRN03 payer identifier */
  readonly originatorId: string | null;
  /** DTM*405 */
  readonly productionDate: string | null;
}

/** N3/N4 of the payer or payee; null when the file has neither. */
export interface Address835 {
  readonly line1: string | null;
  readonly line2: string | null;
  readonly city: string | null;
  readonly state: string | null;
  readonly postalCode: string | null;
}

export interface Payer835 {
  readonly name: string;
  readonly address: Address835 | null;
  /** N1*PR N104, else REF*2U */
  readonly id: string | null;
}

export interface Payee835 {
  readonly name: string;
  readonly address: Address835 | null;
  /** N103: XX (NPI), FI (TIN), XV */
  readonly idQualifier: string | null;
  readonly id: string | null;
  /** N104 when N103 = XX */
  readonly npi: string | null;
  /** N104 when N103 = FI, else REF*TJ */
  readonly taxId: string | null;
}

/** Everything before the first claim: what a streaming consumer receives with every claim. */
export interface Remittance835Header {
  readonly type: '835';
  /** ST02 */
  readonly controlNumber: string;
  readonly payment: Payment835;
  readonly payer: Payer835;
  readonly payee: Payee835;
}

export type BalanceLevel = 'transaction' | 'claim' | 'service';

/**
 * One failed check. `kind: 'balance'` is one of the three TR3 balancing equations (`expected` is
 * what the equation computes, `actual` the amount sent); `kind: 'patientResponsibility'` is CLP05
 * differing from the sum of PR adjustments (`expected` the PR sum, `actual` CLP05 or 0.00).
 */
export interface BalanceIssue {
  readonly level: BalanceLevel;
  readonly kind: 'balance' | 'patientResponsibility';
  readonly claimIndex?: number;
  readonly lineIndex?: number;
  readonly expected: string;
  readonly actual: string;
}

export interface Balance835 {
  /** true when no `kind: 'balance'` issue was found (patient responsibility issues do not count) */
  readonly balanced: boolean;
  /** at most MAX_REPORTED_ISSUES entries; issueCount has the full count */
  readonly issues: readonly BalanceIssue[];
  readonly issueCount: number;
}

/** A tolerated defect: the value was read as described rather than rejecting the whole file. */
export interface Warning835 {
  readonly code:
    | 'COMPONENT_SEPARATOR' // composite split on another separator than ISA16
    | 'SHIFTED_ELEMENT' // value found one position off (BPR date in BPR15)
    | 'MISSING_ELEMENT' // a required element was empty; read as described in the message
    | 'INVALID_DATE' // a date element that is not a calendar date; read as null
    | 'INVALID_CODE'; // a code that X221A1 does not allow (CAS group CR)
  readonly segment: number;
  readonly segmentId: string;
  readonly position: number;
  readonly message: string;
}

export interface Remittance835 extends Remittance835Header {
  readonly claims: readonly Claim835[];
  readonly providerAdjustments: readonly ProviderAdjustment835[];
  readonly balance: Balance835;
  /** at most MAX_REPORTED_WARNINGS entries */
  readonly warnings: readonly Warning835[];
}

/** What the streaming parser returns per transaction set: everything but the claims. */
export interface Remittance835Summary extends Remittance835Header {
  readonly claimCount: number;
  readonly providerAdjustments: readonly ProviderAdjustment835[];
  readonly balance: Balance835;
  readonly warnings: readonly Warning835[];
}

export const MAX_REPORTED_ISSUES = 1000;
export const MAX_REPORTED_WARNINGS = 1000;
