// Whole-file parse to the JSON document the CLI prints: interchanges > groups > transactions,
// each transaction typed by the parser registered for its ST01 (see README.md for the shape).

import {
  X12StreamReader,
  type GroupInfo,
  type ParserRegistry,
  type ReaderOptions,
  type X12Warning,
} from './interchange-reader.ts';
import { create277caParser } from './parse-277ca.ts';
import { create835Parser } from './parse-835.ts';
import { create837Parser } from './parse-837.ts';
import { create999Parser } from './parse-999.ts';
import type { Ta1 } from './parse-ta1.ts';
import type { InterchangeHeader } from './transaction-parser.ts';

/** ST01 -> parser used by default (the CLI, batch upload, response processing). */
export const defaultParsers: ParserRegistry = {
  '999': create999Parser,
  '277': create277caParser,
  '835': create835Parser,
  '837': create837Parser,
};

export interface GroupDocument extends GroupInfo {
  readonly interchangeLevel?: false;
  readonly transactions: unknown[];
}

/**
 * TA1s are not in any functional group. So that code walking groups[].transactions[] sees them,
 * they are also listed in this pseudo-group (no GS behind it) besides `interchange.ta1`.
 */
export interface InterchangeLevelGroup {
  readonly functionalIdCode: null;
  readonly controlNumber: null;
  readonly version: null;
  readonly interchangeLevel: true;
  readonly transactions: Ta1[];
}

export interface InterchangeDocument extends InterchangeHeader {
  readonly groups: (GroupDocument | InterchangeLevelGroup)[];
  readonly ta1: Ta1[];
  /** envelope defects found in this interchange (non-strict mode) */
  readonly warnings: X12Warning[];
}

export interface X12Document {
  readonly interchanges: InterchangeDocument[];
  /** defects found before any ISA (normally none) */
  readonly warnings: X12Warning[];
}

export type ParseOptions = Partial<ReaderOptions>;

/** Builds the document while the reader walks the file. */
class DocumentBuilder {
  readonly interchanges: InterchangeDocument[] = [];
  readonly warnings: X12Warning[] = [];
  #interchange: InterchangeDocument | null = null;
  #group: GroupDocument | null = null;
  #ta1Group: InterchangeLevelGroup | null = null;

  interchangeStart(header: InterchangeHeader): void {
    const interchange: InterchangeDocument = {
      senderId: header.senderId,
      receiverId: header.receiverId,
      controlNumber: header.controlNumber,
      senderQualifier: header.senderQualifier,
      receiverQualifier: header.receiverQualifier,
      date: header.date,
      time: header.time,
      versionNumber: header.versionNumber,
      acknowledgmentRequested: header.acknowledgmentRequested,
      usageIndicator: header.usageIndicator,
      groups: [],
      ta1: [],
      warnings: [],
    };
    this.interchanges.push(interchange);
    this.#interchange = interchange;
    this.#ta1Group = null;
  }

  groupStart(header: GroupInfo): void {
    const group: GroupDocument = { ...header, transactions: [] };
    this.#interchange?.groups.push(group);
    this.#group = group;
  }

  groupEnd(): void {
    this.#group = null;
  }

  transaction(transaction: unknown): void {
    this.#group?.transactions.push(transaction);
  }

  ta1(ta1: Ta1): void {
    const interchange = this.#interchange;
    if (interchange === null) return;
    interchange.ta1.push(ta1);
    if (this.#ta1Group === null) {
      this.#ta1Group = {
        functionalIdCode: null,
        controlNumber: null,
        version: null,
        interchangeLevel: true,
        transactions: [],
      };
      interchange.groups.push(this.#ta1Group);
    }
    this.#ta1Group.transactions.push(ta1);
  }

  warning(warning: X12Warning, interchange: InterchangeHeader | null): void {
    (interchange === null ? this.warnings : (this.#interchange?.warnings ?? this.warnings)).push(
      warning,
    );
  }

  reader(options: ParseOptions): X12StreamReader {
    return new X12StreamReader(
      {
        parsers: options.parsers ?? defaultParsers,
        strict: options.strict ?? false,
        requireParser: options.requireParser ?? false,
      },
      {
        interchangeStart: (header) => this.interchangeStart(header),
        groupStart: (header) => this.groupStart(header),
        groupEnd: () => this.groupEnd(),
        transaction: (event) => {
          if (event.group !== null) this.transaction(event.transaction);
        },
        ta1: (ta1) => this.ta1(ta1),
        warning: (warning, interchange) => this.warning(warning, interchange),
      },
    );
  }

  document(): X12Document {
    return { interchanges: this.interchanges, warnings: this.warnings };
  }
}

/** Parses a whole X12 file held in memory. Throws X12Error on structural breakage. */
export function parseX12(input: string | Uint8Array, options: ParseOptions = {}): X12Document {
  const builder = new DocumentBuilder();
  const reader = builder.reader(options);
  reader.write(input);
  reader.end();
  return builder.document();
}

/** Parses a chunked X12 input (e.g. fs.createReadStream) into the document. */
export async function parseX12Stream(
  chunks: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
  options: ParseOptions = {},
): Promise<X12Document> {
  const builder = new DocumentBuilder();
  const reader = builder.reader(options);
  for await (const chunk of chunks) reader.write(chunk);
  reader.end();
  return builder.document();
}
