// Short plain-English meanings of acknowledgment and remittance verdict codes, in our own words:
// 835 CLP02 claim status, 999 IK501/AK901 verdicts, TA1 TA104 verdicts and TA105 note codes.
// Unknown codes show as the code.

const CLAIM_PAYMENT_STATUS: Readonly<Record<string, string>> = {
  '1': 'Processed as primary',
  '2': 'Processed as secondary',
  '3': 'Processed as tertiary',
  '4': 'Denied',
  '19': 'Processed as primary, forwarded to another payer',
  '20': 'Processed as secondary, forwarded to another payer',
  '21': 'Processed as tertiary, forwarded to another payer',
  '22': 'Reversal of an earlier payment',
  '23': 'Not this payer’s claim: forwarded',
  '25': 'Priced only (predetermination), not paid',
};

const VERDICT: Readonly<Record<string, string>> = {
  A: 'Accepted',
  E: 'Accepted with errors',
  M: 'Rejected: message authentication failed',
  P: 'Partly accepted: some transaction sets rejected',
  R: 'Rejected',
  W: 'Rejected: assurance failed',
  X: 'Rejected: content could not be analysed',
};

const TA1_NOTE: Readonly<Record<string, string>> = {
  '000': 'No error',
  '001': 'Interchange control numbers in the header and trailer differ',
  '004': 'Invalid segment terminator',
  '006': 'Invalid sender id',
  '008': 'Invalid receiver id',
  '018': 'Invalid interchange control number',
  '022': 'Invalid control structure',
  '023': 'The file ended too early',
  '024': 'Invalid interchange content',
};

const SEGMENT_ERROR: Readonly<Record<string, string>> = {
  '1': 'Unrecognized segment',
  '2': 'Unexpected segment',
  '3': 'Required segment missing',
  '4': 'Loop occurs too often',
  '5': 'Segment exceeds its maximum use',
  '8': 'Segment has data element errors',
};

const ELEMENT_ERROR: Readonly<Record<string, string>> = {
  '1': 'Required element missing',
  '2': 'Conditional element missing',
  '3': 'Too many elements',
  '4': 'Element too short',
  '5': 'Element too long',
  '6': 'Invalid character',
  '7': 'Invalid code value',
  '8': 'Invalid date',
  '9': 'Invalid time',
  I12: 'Implementation pattern match failure (the value has the wrong shape)',
};

export const claimPaymentStatusMeaning = (code: string): string | undefined =>
  CLAIM_PAYMENT_STATUS[code];
export const acknowledgmentVerdictMeaning = (code: string): string | undefined => VERDICT[code];
export const interchangeNoteMeaning = (code: string): string | undefined => TA1_NOTE[code];
export const segmentErrorMeaning = (code: string): string | undefined => SEGMENT_ERROR[code];
export const elementErrorMeaning = (code: string): string | undefined => ELEMENT_ERROR[code];
