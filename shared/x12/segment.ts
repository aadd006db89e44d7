// The unit every part of the X12 engine speaks: one segment with its elements, in file order.

/** The four delimiters of an interchange, read from its ISA segment (never hard-coded). */
export interface Delimiters {
  /** ISA byte 4, e.g. `*` */
  readonly element: string;
  /** ISA11 in 5010 (`^`); null in 4010 files, where ISA11 is a standards id (`U`) */
  readonly repetition: string | null;
  /** ISA16, e.g. `:` */
  readonly component: string;
  /** the character right after ISA16, e.g. `~` (CR/LF after it are not part of any segment) */
  readonly segment: string;
}

export const STANDARD_DELIMITERS: Delimiters = {
  element: '*',
  repetition: '^',
  component: ':',
  segment: '~',
};

export interface Segment {
  /** segment id, e.g. `CLP` (same as elements[0]) */
  readonly id: string;
  /** elements[0] is the id, so elements[n] is element n in X12 numbering (CLP01 = elements[1]) */
  readonly elements: readonly string[];
  /** 1-based position of the segment in the file (ISA is 1) */
  readonly ordinal: number;
  readonly delimiters: Delimiters;
}

/** Element n (1-based, X12 numbering) or '' when absent. */
export function element(segment: Segment, n: number): string {
  return segment.elements[n] ?? '';
}

/** Components of element n split on the interchange's component separator ([] when absent). */
export function components(segment: Segment, n: number): string[] {
  const value = segment.elements[n];
  if (value === undefined || value === '') return [];
  return value.split(segment.delimiters.component);
}

/** Repetitions of element n split on the repetition separator (one item when the file has none). */
export function repetitions(segment: Segment, n: number): string[] {
  const value = segment.elements[n];
  if (value === undefined || value === '') return [];
  const separator = segment.delimiters.repetition;
  return separator === null ? [value] : value.split(separator);
}
