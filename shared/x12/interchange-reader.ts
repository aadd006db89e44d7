// Walks the envelopes (ISA/GS/ST..SE/GE/IEA, plus TA1 directly in an interchange), checks their
// counts and control numbers, and streams each transaction set's segments to the parser that is
// registered for its ST01.
//
// How strict: real files carry envelope defects (a 999 whose IEA02 differs from its ISA13, 837s
// with a wrong SE01). Such defects are reported as warnings by default and become X12Errors with
// `strict: true`. Structural breakage always throws: no ISA, input ending inside an envelope,
// segments out of envelope order (e.g. a GS inside a transaction set, an SE missing), an ST
// without ST01, and an unknown ST01 when `requireParser` is set.

import { shortDate } from './dates.ts';
import { X12Error, type X12ErrorCode } from './errors.ts';
import { parseTa1, type Ta1 } from './parse-ta1.ts';
import { element, SegmentView, type Segment } from './segment.ts';
import { SegmentTokenizer } from './tokenizer.ts';
import type {
  GroupHeader,
  InterchangeHeader,
  TransactionParser,
  TransactionParserFactory,
} from './transaction-parser.ts';

/** An envelope defect that did not stop the parse; same fields as X12Error's JSON. */
export interface X12Warning {
  readonly code: X12ErrorCode;
  readonly segment: number;
  readonly segmentId: string;
  readonly position: number;
  readonly message: string;
}

/** ST01 -> factory of its transaction parser. */
export type ParserRegistry = Readonly<Record<string, TransactionParserFactory<unknown>>>;

/** What a transaction set without a registered parser becomes. */
export interface UnsupportedTransaction {
  readonly type: string;
  readonly controlNumber: string;
  readonly unsupported: true;
  /** segments from ST to SE inclusive, as counted */
  readonly segmentCount: number;
}

export interface ReaderOptions {
  readonly parsers: ParserRegistry;
  /** envelope defects (counts, control numbers, ISA field widths) throw instead of warning */
  readonly strict?: boolean;
  /** an ST01 without a registered parser throws UNSUPPORTED_TRANSACTION */
  readonly requireParser?: boolean;
}

/** GS header plus the fields the transaction parsers do not need. */
export interface GroupInfo extends GroupHeader {
  /** GS04 as YYYY-MM-DD (raw value when malformed) */
  readonly date: string;
  /** GS05 HHMM[SS[DD]] */
  readonly time: string;
}

export interface TransactionEvent {
  readonly interchange: InterchangeHeader;
  /** null for a TA1, which sits in the interchange outside any functional group */
  readonly group: GroupInfo | null;
  /** the parser's typed result, a Ta1, or an UnsupportedTransaction */
  readonly transaction: unknown;
}

/** Callbacks of the envelope walk, in file order; all optional. */
export interface EnvelopeHandler {
  interchangeStart?(interchange: InterchangeHeader): void;
  groupStart?(group: GroupInfo, interchange: InterchangeHeader): void;
  /** a transaction set closed by its SE */
  transaction?(event: TransactionEvent): void;
  /** a TA1 segment; it is also passed to `transaction` with group null */
  ta1?(ta1: Ta1, interchange: InterchangeHeader): void;
  groupEnd?(group: GroupInfo, interchange: InterchangeHeader): void;
  interchangeEnd?(interchange: InterchangeHeader): void;
  /** an envelope defect, in non-strict mode; interchange is null only before any ISA */
  warning?(warning: X12Warning, interchange: InterchangeHeader | null): void;
}

/** ISA, IEA, GS, GE, ST, SE, TA1. A switch rather than a Set: no string hash per segment. */
function isEnvelopeId(id: string): boolean {
  switch (id.charCodeAt(0)) {
    case 73: // I
      return id === 'ISA' || id === 'IEA';
    case 71: // G
      return id === 'GS' || id === 'GE';
    case 83: // S
      return id === 'ST' || id === 'SE';
    case 84: // T
      return id === 'TA1';
    default:
      return false;
  }
}

/** ISA element widths (ISA01..ISA16) of the fixed-width header. */
const ISA_WIDTHS = [2, 10, 2, 10, 2, 15, 2, 15, 6, 4, 1, 5, 9, 1, 1, 1] as const;

interface OpenInterchange {
  readonly header: InterchangeHeader;
  groups: number;
}

interface OpenGroup {
  readonly header: GroupInfo;
  sets: number;
  readonly setControlNumbers: Set<string>;
}

interface OpenTransaction {
  readonly header: Segment;
  readonly type: string;
  readonly controlNumber: string;
  /** null when no parser is registered for the type */
  readonly parser: TransactionParser<unknown> | null;
  /** segments counted so far, ST included */
  count: number;
}

/** Envelope state machine fed one segment at a time (e.g. by SegmentTokenizer). */
export class InterchangeReader {
  readonly #options: ReaderOptions;
  readonly #handler: EnvelopeHandler;
  #interchange: OpenInterchange | null = null;
  #group: OpenGroup | null = null;
  #transaction: OpenTransaction | null = null;
  /** ordinal of the last segment seen (a number: no reference kept to the segment or its text) */
  #lastOrdinal = 0;

  constructor(options: ReaderOptions, handler: EnvelopeHandler) {
    this.#options = options;
    this.#handler = handler;
  }

  /** A segment to read (a kept or hand-built one); the tokenizer's path is view(). */
  segment(segment: Segment): void {
    this.view(SegmentView.of(segment));
  }

  /**
   * The next segment, as a view valid during this call. Segments inside a transaction set go to
   * its parser as they are (or kept, for parsers that take segments); envelope segments are kept.
   */
  view(view: SegmentView): void {
    this.#lastOrdinal = view.ordinal;
    const id = view.id;
    const transaction = this.#transaction;
    if (transaction !== null) {
      if (id === 'SE') {
        this.#closeTransaction(view.toSegment(), transaction);
      } else if (isEnvelopeId(id)) {
        throw unexpected(view, `${id} inside a transaction set (its SE is missing)`);
      } else {
        transaction.count++;
        feed(transaction, view);
      }
      return;
    }
    const group = this.#group;
    if (group !== null) {
      if (id === 'ST') this.#openTransaction(view.toSegment(), group);
      else if (id === 'GE') this.#closeGroup(view.toSegment(), group);
      else throw unexpected(view, `${id} in a functional group outside ST..SE`);
      return;
    }
    const interchange = this.#interchange;
    if (interchange !== null) {
      if (id === 'GS') this.#openGroup(view.toSegment(), interchange);
      else if (id === 'TA1') this.#ta1(view.toSegment(), interchange);
      else if (id === 'IEA') this.#closeInterchange(view.toSegment(), interchange);
      else throw unexpected(view, `${id} in an interchange outside GS..GE`);
      return;
    }
    if (id === 'ISA') this.#openInterchange(view.toSegment());
    else throw unexpected(view, `${id} outside an interchange (ISA expected)`);
  }

  /** Input is over: every envelope must be closed. */
  end(): void {
    if (this.#interchange === null) return;
    const open = this.#transaction !== null ? 'SE' : this.#group !== null ? 'GE' : 'IEA';
    const last = this.#lastOrdinal;
    throw new X12Error('TRUNCATED', `input ended before the ${open} that closes the envelope`, {
      segment: last + 1,
      segmentId: '',
      position: 0,
    });
  }

  #openInterchange(isa: Segment): void {
    if (isa.elements.length < 17) {
      throw new X12Error('BAD_ISA', 'ISA does not have 16 elements', at(isa, 0));
    }
    const widthDefects: number[] = [];
    ISA_WIDTHS.forEach((width, index) => {
      if (element(isa, index + 1).length !== width) widthDefects.push(index + 1);
    });
    const rawDate = element(isa, 9);
    const header: InterchangeHeader = {
      senderQualifier: element(isa, 5).trim(),
      senderId: element(isa, 6).trim(),
      receiverQualifier: element(isa, 7).trim(),
      receiverId: element(isa, 8).trim(),
      date: shortDate(rawDate) ?? rawDate,
      time: element(isa, 10),
      versionNumber: element(isa, 12),
      controlNumber: element(isa, 13).trim(),
      acknowledgmentRequested: element(isa, 14) === '1',
      usageIndicator: element(isa, 15),
    };
    this.#interchange = { header, groups: 0 };
    this.#handler.interchangeStart?.(header);
    for (const position of widthDefects) {
      this.#defect(
        'BAD_ISA',
        `ISA${pad(position)} is not ${ISA_WIDTHS[position - 1]} characters`,
        isa,
        position,
      );
    }
    if (!/^\d{9}$/.test(header.controlNumber)) {
      this.#defect('INVALID_ELEMENT', 'ISA13 is not a 9-digit number', isa, 13);
    }
    if (shortDate(rawDate) === null) {
      this.#defect('INVALID_ELEMENT', 'ISA09 is not a date YYMMDD', isa, 9);
    }
  }

  #ta1(segment: Segment, interchange: OpenInterchange): void {
    const ta1 = parseTa1(segment);
    this.#handler.ta1?.(ta1, interchange.header);
    this.#handler.transaction?.({ interchange: interchange.header, group: null, transaction: ta1 });
  }

  #closeInterchange(iea: Segment, interchange: OpenInterchange): void {
    this.#checkCount(iea, interchange.groups, 'IEA01', 'functional groups');
    if (element(iea, 2).trim() !== interchange.header.controlNumber) {
      this.#defect('CONTROL_NUMBER_MISMATCH', 'IEA02 differs from ISA13', iea, 2);
    }
    this.#interchange = null;
    this.#handler.interchangeEnd?.(interchange.header);
  }

  #openGroup(gs: Segment, interchange: OpenInterchange): void {
    interchange.groups++;
    const rawDate = element(gs, 4);
    const header: GroupInfo = {
      functionalIdCode: element(gs, 1),
      senderCode: element(gs, 2).trim(),
      receiverCode: element(gs, 3).trim(),
      date: /^\d{8}$/.test(rawDate)
        ? `${rawDate.slice(0, 4)}-${rawDate.slice(4, 6)}-${rawDate.slice(6)}`
        : rawDate,
      time: element(gs, 5),
      controlNumber: element(gs, 6).trim(),
      version: element(gs, 8),
    };
    this.#group = { header, sets: 0, setControlNumbers: new Set() };
    this.#handler.groupStart?.(header, interchange.header);
    if (header.controlNumber === '') {
      this.#defect('MISSING_ELEMENT', 'GS06 group control number is empty', gs, 6);
    }
  }

  #closeGroup(ge: Segment, group: OpenGroup): void {
    this.#checkCount(ge, group.sets, 'GE01', 'transaction sets');
    if (element(ge, 2).trim() !== group.header.controlNumber) {
      this.#defect('CONTROL_NUMBER_MISMATCH', 'GE02 differs from GS06', ge, 2);
    }
    this.#group = null;
    const interchange = this.#interchange;
    if (interchange !== null) this.#handler.groupEnd?.(group.header, interchange.header);
  }

  #openTransaction(st: Segment, group: OpenGroup): void {
    group.sets++;
    const type = element(st, 1);
    const controlNumber = element(st, 2).trim();
    if (type === '') {
      throw new X12Error('MISSING_ELEMENT', 'ST01 transaction set identifier is empty', at(st, 1));
    }
    if (group.setControlNumbers.has(controlNumber)) {
      this.#defect(
        'CONTROL_NUMBER_MISMATCH',
        'ST02 repeats an earlier ST02 of the same group',
        st,
        2,
      );
    }
    group.setControlNumbers.add(controlNumber);
    const factory = Object.hasOwn(this.#options.parsers, type)
      ? this.#options.parsers[type]
      : undefined;
    if (factory === undefined && this.#options.requireParser === true) {
      throw new X12Error(
        'UNSUPPORTED_TRANSACTION',
        `no parser for transaction set ${type.slice(0, 3)}`,
        at(st, 1),
      );
    }
    const interchange = this.#interchange;
    if (interchange === null) throw unexpected(st, 'ST outside an interchange');
    const parser =
      factory === undefined
        ? null
        : guard(st, () =>
            factory({ interchange: interchange.header, group: group.header, header: st }),
          );
    this.#transaction = { header: st, type, controlNumber, parser, count: 1 };
  }

  #closeTransaction(se: Segment, transaction: OpenTransaction): void {
    transaction.count++;
    this.#checkCount(se, transaction.count, 'SE01', 'segments from ST to SE');
    if (element(se, 2).trim() !== transaction.controlNumber) {
      this.#defect('CONTROL_NUMBER_MISMATCH', 'SE02 differs from ST02', se, 2);
    }
    const parser = transaction.parser;
    const result: unknown =
      parser === null
        ? ({
            type: transaction.type,
            controlNumber: transaction.controlNumber,
            unsupported: true,
            segmentCount: transaction.count,
          } satisfies UnsupportedTransaction)
        : guard(se, () => parser.finish(se));
    this.#transaction = null;
    const interchange = this.#interchange;
    const group = this.#group;
    if (interchange !== null && group !== null) {
      this.#handler.transaction?.({
        interchange: interchange.header,
        group: group.header,
        transaction: result,
      });
    }
  }

  #checkCount(segment: Segment, counted: number, name: string, what: string): void {
    const value = element(segment, 1).trim();
    if (!/^\d+$/.test(value)) {
      this.#defect('INVALID_ELEMENT', `${name} is not a number`, segment, 1);
    } else if (Number(value) !== counted) {
      this.#defect(
        'COUNT_MISMATCH',
        `${name} does not match the ${counted} ${what} counted`,
        segment,
        1,
      );
    }
  }

  #defect(code: X12ErrorCode, message: string, segment: Segment, position: number): void {
    if (this.#options.strict === true) throw new X12Error(code, message, at(segment, position));
    this.#handler.warning?.(
      { code, message, segment: segment.ordinal, segmentId: segment.id, position },
      this.#interchange?.header ?? null,
    );
  }
}

/** What errors name of a segment: its ordinal and id (a Segment or a SegmentView). */
type Located = Pick<Segment, 'ordinal' | 'id'>;

function at(segment: Located, position: number) {
  return { segment: segment.ordinal, segmentId: segment.id, position };
}

function pad(position: number): string {
  return String(position).padStart(2, '0');
}

function unexpected(segment: Located, message: string): X12Error {
  return new X12Error(
    'UNEXPECTED_SEGMENT',
    `segment ${segment.ordinal}: ${message}`,
    at(segment, 0),
  );
}

/**
 * Hot path (every segment of a transaction set): no closure, unlike guard(). A parser that reads
 * views gets the view; the others get a segment they may keep.
 */
function feed(transaction: OpenTransaction, view: SegmentView): void {
  const parser = transaction.parser;
  if (parser === null) return;
  try {
    if (parser.view !== undefined) parser.view(view);
    else parser.segment(view.toSegment());
  } catch (error) {
    throw located(view, error);
  }
}

/**
 * Runs parser code; any non-X12Error it throws (a parser bug met by unusual input) becomes an
 * X12Error located at the segment, so a worker parks the file instead of crashing. The original
 * error is kept as `cause`.
 */
function guard<T>(segment: Segment, run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw located(segment, error);
  }
}

function located(segment: Located, error: unknown): X12Error {
  if (error instanceof X12Error) return error;
  return new X12Error(
    'UNEXPECTED_SEGMENT',
    `the transaction parser failed at segment ${segment.ordinal}`,
    at(segment, 0),
    { cause: error },
  );
}

export interface ReadOptions extends ReaderOptions {
  /** envelope defects in non-strict mode */
  readonly onWarning?: (warning: X12Warning, interchange: InterchangeHeader | null) => void;
}

/** Tokenizer and reader wired together: push text or bytes in, envelope events out. */
export class X12StreamReader {
  readonly #tokenizer: SegmentTokenizer;
  readonly #reader: InterchangeReader;

  constructor(options: ReaderOptions, handler: EnvelopeHandler) {
    const reader = new InterchangeReader(options, handler);
    this.#reader = reader;
    this.#tokenizer = new SegmentTokenizer((view) => reader.view(view));
  }

  write(chunk: string | Uint8Array): void {
    this.#tokenizer.write(chunk);
  }

  end(): void {
    this.#tokenizer.end();
    this.#reader.end();
  }
}

/**
 * Streams the transaction sets (and TA1s, with group null) of a chunked X12 input as each one
 * closes. Only the events of one chunk are buffered at a time.
 */
export async function* readTransactions(
  chunks: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
  options: ReadOptions,
): AsyncGenerator<TransactionEvent, void, undefined> {
  const ready: TransactionEvent[] = [];
  const handler: EnvelopeHandler = { transaction: (event) => ready.push(event) };
  if (options.onWarning !== undefined) handler.warning = options.onWarning;
  const reader = new X12StreamReader(options, handler);
  for await (const chunk of chunks) {
    reader.write(chunk);
    yield* ready;
    ready.length = 0;
  }
  reader.end();
  yield* ready;
}
