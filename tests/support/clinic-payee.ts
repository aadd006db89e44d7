// The payee of the 835s the tests write: one clinic, known by its NPI.
import type { Payee835 } from '#shared/x12/remittance-835';

/** N1*PE of a clinic with NPI 1234567893 (a valid check digit), no address and no TIN. */
export const CLINIC_PAYEE: Payee835 = {
  name: 'CLINIC',
  address: null,
  idQualifier: 'XX',
  id: '1234567893',
  npi: '1234567893',
  taxId: null,
};
