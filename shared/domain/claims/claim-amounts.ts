// Amounts travel as decimal strings (as in the reference shapes) and are compared as integer cents.

import * as z from 'zod';
import { parseCents } from '#shared/domain/money/cents';
import { withRule } from './schema-metadata.ts';

/** Non-negative, at most 10 whole digits (keeps cents exact in a double) and 2 decimals. */
export const AMOUNT_PATTERN = /^\d{1,10}(?:\.\d{1,2})?$/;

export const amountSchema = withRule(z.string().regex(AMOUNT_PATTERN), { code: 'INVALID_AMOUNT' });

/** Integer cents of an amount that matches AMOUNT_PATTERN; undefined for anything else. */
export function amountToCents(value: string): number | undefined {
  return AMOUNT_PATTERN.test(value) ? parseCents(value) : undefined;
}
