// Typed errors of the X12 engine: every problem names where it is and has a stable code.

export type X12ErrorCode =
  | 'NO_ISA' // input does not start with an ISA segment (after an optional BOM and whitespace)
  | 'BAD_ISA' // ISA is not 106 characters or its delimiters are unusable
  | 'TRUNCATED' // input ended inside a segment or envelope
  | 'UNEXPECTED_SEGMENT' // a segment where the envelope or transaction grammar forbids it
  | 'CONTROL_NUMBER_MISMATCH' // IEA02/GE02/SE02 differs from ISA13/GS06/ST02
  | 'COUNT_MISMATCH' // IEA01/GE01/SE01 differs from what was counted
  | 'MISSING_SEGMENT' // a required segment is absent
  | 'MISSING_ELEMENT' // a required element is empty
  | 'INVALID_ELEMENT' // an element has the wrong shape (number, date, code)
  | 'UNSUPPORTED_TRANSACTION'; // ST01 that the engine has no parser for

export interface X12ErrorLocation {
  /** 1-based ordinal of the segment in the file */
  readonly segment: number;
  readonly segmentId: string;
  /** element position (1-based), 0 when the whole segment is concerned */
  readonly position: number;
}

export class X12Error extends Error {
  readonly code: X12ErrorCode;
  readonly segment: number;
  readonly segmentId: string;
  readonly position: number;

  constructor(
    code: X12ErrorCode,
    message: string,
    location: X12ErrorLocation,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'X12Error';
    this.code = code;
    this.segment = location.segment;
    this.segmentId = location.segmentId;
    this.position = location.position;
  }

  /** The JSON the CLI prints on stderr. Messages never quote element values (they may be PHI). */
  toJSON(): {
    code: X12ErrorCode;
    segment: number;
    segmentId: string;
    position: number;
    message: string;
  } {
    return {
      code: this.code,
      segment: this.segment,
      segmentId: this.segmentId,
      position: this.position,
      message: this.message,
    };
  }
}
