// Short plain-English meanings of 277CA claim status category codes (code source 507) and of
// common claim status codes (code source 508), in our own words. Unknown codes show as the code.

const CATEGORY: Readonly<Record<string, string>> = {
  A0: 'Forwarded to another entity',
  A1: 'Received, not yet accepted for processing',
  A2: 'Accepted for adjudication',
  A3: 'Returned as unprocessable: rejected, fix and resubmit',
  A4: 'Not found',
  A5: 'Split by the payer into more than one claim',
  A6: 'Rejected for missing information: add it and resubmit',
  A7: 'Rejected for invalid information: correct it and resubmit',
  A8: 'Rejected because related fields disagree: correct and resubmit',
  P0: 'Pending: adjudication or details',
  P1: 'Pending: in process',
  P2: 'Pending: payer review',
  P3: 'Pending: the payer asked the provider for information',
  P4: 'Pending: the payer asked the patient for information',
  P5: 'Pending: payer administrative or system hold',
  F0: 'Finalized',
  F1: 'Finalized: payment',
  F2: 'Finalized: denial',
  E0: 'The payer could not answer (system problem)',
};

const STATUS: Readonly<Record<string, string>> = {
  '0': 'No more status is available electronically',
  '1': 'See the remittance advice for details',
  '3': 'Adjudicated; waiting for the payment cycle',
  '15': 'Information the payer asked for was missing or not enough',
  '19': 'The claim has been received',
  '20': 'Accepted for processing',
  '21': 'Information is missing or wrong',
  '33': 'The payer cannot find the subscriber or the member id',
  '35': 'The payer cannot find the claim',
  '54': 'A duplicate of a claim already processed',
  '116': 'Sent to the wrong payer',
  '145': 'A specialty or taxonomy code is missing or wrong',
  '187': 'The service dates are missing or wrong',
  '247': 'A service line has missing or wrong information',
  '454': 'The procedure code is missing or wrong',
  '562': 'A provider NPI is missing or wrong',
};

export function statusCategoryMeaning(code: string): string | undefined {
  return CATEGORY[code];
}

export function claimStatusMeaning(code: string): string | undefined {
  return STATUS[code];
}
