// The envelope a payer answer came in, as the answer decisions read it (answer-file.ts in
// shared/answers fills it from the ISA/GS segments).

/** The envelope an answer came in: the payer (sender) and us (receiver). */
export interface AnswerEnvelope {
  readonly senderId: string;
  readonly receiverId: string;
  /** ISA13 of the answer's interchange */
  readonly controlNumber: string;
  /** GS06 of the answer's group (null for a TA1) */
  readonly groupControlNumber: string | null;
}
