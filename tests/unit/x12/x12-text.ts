// Builds small X12 interchanges for tests, with any delimiters.

import type { Delimiters } from '#shared/x12/segment';

export const STANDARD: Delimiters = { element: '*', repetition: '^', component: ':', segment: '~' };

/** A 106-character ISA with the given delimiters and control number. */
export function isa(delimiters: Delimiters = STANDARD, controlNumber = '000000001'): string {
  const e = delimiters.element;
  return [
    'ISA',
    '00',
    '          ',
    '00',
    '          ',
    'ZZ',
    'SENDER         ',
    'ZZ',
    'RECEIVER       ',
    '240102',
    '1200',
    delimiters.repetition ?? 'U',
    '00501',
    controlNumber,
    '0',
    'T',
    delimiters.component,
  ].join(e);
}

/** Joins segment bodies (already using `delimiters`) into an interchange text. */
export function interchange(
  bodies: readonly string[],
  delimiters: Delimiters = STANDARD,
  separator = '',
): string {
  return [isa(delimiters), ...bodies].map((body) => body + delimiters.segment).join(separator);
}

/** Rewrites segments written with `* : ^ ~` into other delimiters. */
export function withDelimiters(segments: readonly string[], delimiters: Delimiters): string[] {
  return segments.map((segment) =>
    [...segment]
      .map((char) =>
        char === '*'
          ? delimiters.element
          : char === ':'
            ? delimiters.component
            : char === '^'
              ? (delimiters.repetition ?? '^')
              : char,
      )
      .join(''),
  );
}

/** A one-group 999-free interchange body with one unsupported transaction set (ST01 = 850). */
export const SIMPLE_BODY = [
  'GS*PO*SENDER*RECEIVER*20240102*1200*1*X*004010',
  'ST*850*0001',
  'BEG*00*SA*PO-1^PO-2**20240102',
  'N1*ST*NAME:WITH:PARTS',
  'SE*4*0001',
  'GE*1*1',
  'IEA*1*000000001',
];
