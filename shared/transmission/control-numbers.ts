// X12 control numbers (ISA13, GS06) that are unique per sender/receiver pair: one atomic counter
// per pair (shared/storage/dynamodb/control-number-counter.ts), named by partiesId and wrapped
// into nine digits here.

/** ISA13 is 9 digits and GS06 at most 9: after 999,999,999 the numbers start again at 1. */
export const MAX_CONTROL_NUMBER = 999_999_999;

/** The two parties of an interchange as the ISA names them. */
export interface InterchangeParties {
  readonly senderQualifier: string;
  readonly senderId: string;
  readonly receiverQualifier: string;
  readonly receiverId: string;
}

/**
 * The pair as one string, e.g. `ZZ:CLEARINGHOUSE>ZZ:PAYER`. Ids are kept as given (trimmed, as the
 * ISA pads them); the X12 id characters allowed on connections contain none of `:` or `>`.
 */
export function partiesId(parties: InterchangeParties): string {
  const side = (qualifier: string, id: string) => `${qualifier.trim()}:${id.trim()}`;
  return `${side(parties.senderQualifier, parties.senderId)}>${side(parties.receiverQualifier, parties.receiverId)}`;
}

/** Maps the counter's value (1, 2, ...) onto 1..999999999, wrapping. */
export function controlNumberOf(counterValue: number): number {
  return ((counterValue - 1) % MAX_CONTROL_NUMBER) + 1;
}

export interface ControlNumbers {
  /** the next ISA13 (and GS06: one group per interchange, so one number serves both) */
  next(parties: InterchangeParties): Promise<number>;
}

/** One atomic counter per pair id: 1, 2, 3 ... never the same value twice. */
export interface ControlNumberCounter {
  increment(pairId: string): Promise<number>;
}

/** Control numbers from a counter per pair: the pair named by partiesId, the value wrapped. */
export class CountedControlNumbers implements ControlNumbers {
  readonly #counter: ControlNumberCounter;

  constructor(counter: ControlNumberCounter) {
    this.#counter = counter;
  }

  async next(parties: InterchangeParties): Promise<number> {
    return controlNumberOf(await this.#counter.increment(partiesId(parties)));
  }
}
