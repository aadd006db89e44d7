// Shapes of the code sets a claim carries. These check form, not membership in the code lists
// (ICD-10-CM, CPT and HCPCS are licensed or change quarterly); payers check membership.

import * as z from 'zod';
import { withRule } from './schema-metadata.ts';

/**
 * ICD-10-CM as X12 HI carries it: no decimal point (the TR3 implies it). A letter, a digit, a letter
 * or digit, then up to 4 letters or digits: 3 to 7 characters. Upper case only.
 */
export const ICD10_CM_PATTERN = /^[A-Z][0-9][0-9A-Z][0-9A-Z]{0,4}$/;

/** CPT (5 digits), HCPCS Level II (a letter and 4 digits), CPT Category II/III (4 digits and F or T) and PLA codes (4 digits and U). */
export const PROCEDURE_CODE_PATTERN = /^(?:\d{5}|[A-Z]\d{4}|\d{4}[FTU])$/;

export const MODIFIER_PATTERN = /^[A-Z0-9]{2}$/;
export const REVENUE_CODE_PATTERN = /^\d{4}$/;
export const PLACE_OF_SERVICE_PATTERN = /^(?:0[1-9]|[1-9]\d)$/;
/** NUBC type of facility (1-4, 6-8; 5 is retired) and bill classification (1-9). */
export const FACILITY_TYPE_CODE_PATTERN = /^[1-46-8][1-9]$/;
/** NDC in the 11-digit 5-4-2 form, no dashes (LIN03 with LIN02 = N4). */
export const NDC_PATTERN = /^\d{11}$/;
export const DIAGNOSIS_POINTER_PATTERN = /^(?:[1-9]|1[0-2])$/;
/** Positive, at most 7 whole digits and 3 decimals (X12 R, 15 characters). */
export const UNIT_COUNT_PATTERN = /^(?=.*[1-9])\d{1,7}(?:\.\d{1,3})?$/;
export const TAXONOMY_CODE_PATTERN = /^[0-9A-Z]{9}X$/;
/** NUBC value, occurrence, occurrence span and condition codes. */
export const UB_CODE_PATTERN = /^[0-9A-Z]{2}$/;

export function isIcd10CmCode(value: string): boolean {
  return ICD10_CM_PATTERN.test(value);
}

export function isProcedureCode(value: string): boolean {
  return PROCEDURE_CODE_PATTERN.test(value);
}

export function isModifier(value: string): boolean {
  return MODIFIER_PATTERN.test(value);
}

/** Facility type codes of inpatient bill types, whose claims need an admission date (DTP*435). */
export const INPATIENT_FACILITY_TYPE_CODES: ReadonlySet<string> = new Set(['11', '18', '21', '41']);

export const icd10CmSchema = withRule(z.string().regex(ICD10_CM_PATTERN), {
  code: 'INVALID_ICD10_CODE',
});
export const procedureCodeSchema = withRule(z.string().regex(PROCEDURE_CODE_PATTERN), {
  code: 'INVALID_PROCEDURE_CODE',
});
export const modifierSchema = withRule(z.string().regex(MODIFIER_PATTERN), {
  code: 'INVALID_MODIFIER',
});
export const modifiersSchema = withRule(z.array(modifierSchema).min(1).max(4), {
  code: 'INVALID_MODIFIER',
  whenTooBig: 'TOO_MANY_MODIFIERS',
  whenTooSmall: 'REQUIRED',
});
export const revenueCodeSchema = withRule(z.string().regex(REVENUE_CODE_PATTERN), {
  code: 'INVALID_REVENUE_CODE',
});
export const placeOfServiceSchema = withRule(z.string().regex(PLACE_OF_SERVICE_PATTERN), {
  code: 'INVALID_PLACE_OF_SERVICE',
});
export const facilityTypeCodeSchema = withRule(z.string().regex(FACILITY_TYPE_CODE_PATTERN), {
  code: 'INVALID_FACILITY_TYPE_CODE',
});
export const ndcSchema = withRule(z.string().regex(NDC_PATTERN), { code: 'INVALID_NDC' });
export const diagnosisPointerSchema = withRule(z.string().regex(DIAGNOSIS_POINTER_PATTERN), {
  code: 'INVALID_DIAGNOSIS_POINTER',
});
export const diagnosisPointersSchema = withRule(z.array(diagnosisPointerSchema).min(1).max(4), {
  code: 'INVALID_DIAGNOSIS_POINTER',
  whenTooBig: 'TOO_MANY_DIAGNOSIS_POINTERS',
  whenTooSmall: 'REQUIRED',
});
export const unitCountSchema = withRule(z.string().regex(UNIT_COUNT_PATTERN), {
  code: 'INVALID_UNIT_COUNT',
});
export const taxonomyCodeSchema = withRule(z.string().regex(TAXONOMY_CODE_PATTERN), {
  code: 'INVALID_TAXONOMY_CODE',
});
export const ubCodeSchema = withRule(z.string().regex(UB_CODE_PATTERN), {
  code: 'INVALID_VALUE_CODE',
});
