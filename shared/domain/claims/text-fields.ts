// Text and list fields as both claim shapes bound them: X12 element maximums, no delimiter or
// control characters, and lists with the catalogue codes for too many or too few items.

import * as z from 'zod';
import { withRule } from './schema-metadata.ts';

/** Characters X12 uses as delimiters in our envelopes, and control characters, cannot travel in data. */
// eslint-disable-next-line no-control-regex -- refusing control characters is the point of this pattern
export const SAFE_TEXT_PATTERN = /^[^~*:^\u0000-\u001f\u007f]*$/;

/** A required, non-empty text field of at most `max` characters (the X12 element's maximum). */
export function text(max: number): z.ZodString {
  return withRule(z.string().min(1).max(max).regex(SAFE_TEXT_PATTERN), {
    code: 'INVALID_CHARACTERS',
    whenTooBig: 'TOO_LONG',
    whenTooSmall: 'REQUIRED',
  });
}

/** The codes a bounded list reports: too many items, none at all, or a malformed one. */
const LIST_BOUNDS = {
  code: 'INVALID_CODE',
  whenTooBig: 'TOO_MANY_ITEMS',
  whenTooSmall: 'REQUIRED',
} as const;

/** A list of 1 to `max` items (the TR3's repeat count of the loop or composite). */
export function listOf<T extends z.ZodType>(item: T, max: number) {
  return withRule(z.array(item).min(1).max(max), LIST_BOUNDS);
}

/** The reference's HI lists: up to 2 HI segments of up to 12 entries each. */
export function hiSegmentsOf<T extends z.ZodType>(entry: T) {
  return withRule(z.array(listOf(entry, 12)).max(2), LIST_BOUNDS);
}
