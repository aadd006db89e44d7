// Short plain-English meanings of the claim adjustment reason codes (CARC) and remittance advice
// remark codes (RARC) billers meet most, written in our own words for the API and work queues.
// Not the official code list: an unknown code is shown as the code itself.

const CARC: Readonly<Record<string, string>> = {
  '1': 'Deductible: the patient owes this amount',
  '2': 'Coinsurance: the patient owes this share',
  '3': 'Copay: the patient owes this fixed amount',
  '4': 'The procedure code does not fit the modifier used, or a modifier is missing',
  '5': 'The procedure code or bill type does not fit the place of service',
  '11': 'The diagnosis does not support the procedure',
  '16': 'Information is missing or wrong on the claim; see the remark codes, fix and resubmit',
  '18': 'Exact duplicate of a claim or line already received',
  '22': 'Another payer may be responsible (coordination of benefits)',
  '23': 'Reduced because of what an earlier payer paid',
  '24': 'Covered under a capitation or managed-care agreement',
  '27': 'Service after coverage ended',
  '29': 'Filed after the payer’s time limit',
  '31': 'The payer cannot identify the patient as its member',
  '45': 'Charge above the contracted or allowed amount (write-off for a network provider)',
  '50': 'Not medically necessary in the payer’s view',
  '96': 'Not a covered charge',
  '97': 'Paid as part of another service already adjudicated',
  '109': 'Not covered by this payer; send it to the right payer',
  '119': 'The benefit maximum for this period has been reached',
  '151': 'The payer finds the number or frequency of services unsupported',
  '197': 'Prior authorization or notification was missing',
  '204': 'Not covered under the patient’s current benefit plan',
  '242': 'Services not provided by a network provider',
  '253': 'Sequestration: federal reduction of the payment',
};

const RARC: Readonly<Record<string, string>> = {
  M15: 'Separately billed services were bundled into another service',
  M20: 'The HCPCS code is missing or incomplete',
  M76: 'The diagnosis code is missing or incomplete',
  M77: 'The place of service is missing or incomplete',
  MA04: 'Secondary payment cannot be made: the primary payer information is missing',
  MA130: 'The claim has missing or invalid information and cannot be processed; submit a new claim',
  N4: 'The prior payer’s explanation of benefits is missing or incomplete',
  N30: 'The patient was not eligible for this service',
  N115: 'Decided under a local coverage determination',
  N130: 'Check the plan’s benefit documents for coverage limits',
  N290: 'The rendering provider identifier is missing or invalid',
  N381: 'See the contract terms for this payment',
  N386: 'Decided under a national coverage determination',
};

/** The meaning of a CARC, or undefined when we have none (show the code). */
export function adjustmentReasonMeaning(code: string): string | undefined {
  return CARC[code];
}

/** The meaning of a RARC, or undefined when we have none (show the code). */
export function remarkMeaning(code: string): string | undefined {
  return RARC[code];
}

/** CAS group codes (CAS01) of X221A1. */
const GROUP: Readonly<Record<string, string>> = {
  CO: 'Contractual obligation: written off, not billable to the patient',
  PR: 'Patient responsibility: billable to the patient',
  OA: 'Other adjustment',
  PI: 'Payer-initiated reduction, not billable to the patient',
  CR: 'Correction or reversal (older releases only)',
};

export function adjustmentGroupMeaning(group: string): string | undefined {
  return GROUP[group];
}
