// Reads an uploaded 837 back with our own parser (strict: counts and control numbers must agree).
import type { Claims837 } from '#shared/x12/parse-837';
import { parseX12 } from '#shared/x12/parse-document';

export interface ParsedInterchange {
  readonly isa13: string;
  readonly gs06: string | null;
  readonly st02: string[];
  /** REF*D9 of each transaction set, in order */
  readonly claimIds: string[];
}

export function parseInterchange(content: string): ParsedInterchange {
  const document = parseX12(content, { strict: true });
  const [interchange] = document.interchanges;
  if (interchange === undefined || document.interchanges.length !== 1) {
    throw new Error('expected exactly one interchange');
  }
  const [group] = interchange.groups;
  if (group === undefined || interchange.groups.length !== 1) {
    throw new Error('expected exactly one functional group');
  }
  const sets = group.transactions as unknown as Claims837[];
  return {
    isa13: interchange.controlNumber,
    gs06: group.controlNumber,
    st02: sets.map((set) => set.controlNumber),
    claimIds: sets.flatMap((set) => set.claims.map((claim) => claim.traceNumber ?? '')),
  };
}
