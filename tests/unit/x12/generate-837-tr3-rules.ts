// The TR3 rules we can encode without the (paywalled) TR3 itself, used by the 837 generator tests
// as a stand-in for an independent 5010 validator: envelope counts and control numbers, the HL
// tree, per-loop segment order with required segments, element maximum lengths, and required
// elements that must not be empty. Sources: X12.md section 2 (pyx12's X222A1/X223A2 maps) and the
// segment order of the TR3 example files in the corpus (hdi all-fields, oopfactory).

import { segmentsOf } from '#shared/x12/tokenizer';
import type { Segment } from '#shared/x12/segment';

type Variant = 'professional' | 'institutional';

/** A loop's segments in TR3 order; `!` marks a required segment. Keys are `ID` or `ID*qualifier`. */
interface LoopRule {
  readonly start: string;
  readonly body: readonly string[];
}

const COMMON_LOOPS: Record<string, LoopRule> = {
  header: { start: 'BHT', body: [] },
  '1000A': { start: 'NM1*41', body: ['PER!'] },
  '1000B': { start: 'NM1*40', body: [] },
  '2000A': { start: 'HL*20', body: ['PRV'] },
  '2010AA': { start: 'NM1*85', body: ['N3!', 'N4!', 'REF', 'PER'] },
  '2010AB': { start: 'NM1*87', body: ['N3!', 'N4!'] },
  '2000B': { start: 'HL*22', body: ['SBR!', 'PAT'] },
  '2010BA': { start: 'NM1*IL', body: ['N3', 'N4', 'DMG', 'REF'] },
  '2010BB': { start: 'NM1*PR', body: ['N3', 'N4', 'REF'] },
  '2000C': { start: 'HL*23', body: ['PAT!'] },
  '2010CA': { start: 'NM1*QC', body: ['N3!', 'N4!', 'DMG!'] },
  '2410': { start: 'LIN', body: ['CTP!', 'REF'] },
};

const PROFESSIONAL_LOOPS: Record<string, LoopRule> = {
  ...COMMON_LOOPS,
  '2300': { start: 'CLM', body: ['DTP', 'PWK', 'AMT', 'REF', 'NTE', 'HI!'] },
  '2310A': { start: 'NM1*DN', body: ['REF'] },
  '2310B': { start: 'NM1*82', body: ['PRV', 'REF'] },
  '2310C': { start: 'NM1*77', body: ['N3!', 'N4!', 'REF'] },
  '2310D': { start: 'NM1*DQ', body: ['REF'] },
  '2400': { start: 'LX', body: ['SV1!', 'DTP!', 'REF', 'NTE'] },
};

const INSTITUTIONAL_LOOPS: Record<string, LoopRule> = {
  ...COMMON_LOOPS,
  '2300': { start: 'CLM', body: ['DTP', 'CL1!', 'PWK', 'AMT', 'REF', 'NTE', 'HI!'] },
  '2310A': { start: 'NM1*71', body: ['PRV', 'REF'] },
  '2310B': { start: 'NM1*72', body: ['REF'] },
  '2310C': { start: 'NM1*ZZ', body: ['REF'] },
  '2310D': { start: 'NM1*82', body: ['REF'] },
  '2310E': { start: 'NM1*77', body: ['N3!', 'N4!', 'REF'] },
  '2310F': { start: 'NM1*DN', body: ['REF'] },
  '2400': { start: 'LX', body: ['SV2!', 'DTP', 'REF', 'AMT', 'NTE'] },
};

/** Loops that may follow a loop (same HL level or nested), to tell a 2310 NM1*82 from a 2420A. */
const LINE_PROVIDER_LOOPS = new Set(['NM1*82', 'NM1*DN', 'NM1*77', 'NM1*DQ', 'NM1*72', 'NM1*ZZ']);

/** Element maximum lengths (X12 5010 dictionary), index = element position. */
const MAX_LENGTHS: Record<string, readonly number[]> = {
  BHT: [0, 4, 2, 50, 8, 8, 2],
  NM1: [0, 3, 1, 60, 35, 25, 10, 10, 2, 80],
  PER: [0, 2, 60, 2, 256, 2, 256, 2, 256],
  N3: [0, 55, 55],
  N4: [0, 30, 2, 15, 3, 0, 0, 3],
  REF: [0, 3, 50],
  PRV: [0, 3, 3, 50],
  HL: [0, 12, 12, 2, 1],
  SBR: [0, 1, 2, 50, 60, 3, 0, 0, 0, 2],
  PAT: [0, 2, 0, 0, 0, 3, 35, 2, 10, 1],
  DMG: [0, 3, 35, 1],
  CLM: [0, 38, 18, 0, 0, 0, 1, 1, 1, 1, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 2],
  DTP: [0, 3, 3, 35],
  AMT: [0, 3, 18],
  NTE: [0, 3, 80],
  PWK: [0, 2, 2, 0, 0, 2, 80],
  LX: [0, 6],
  SV1: [0, 0, 18, 2, 15, 2, 0, 0, 0, 1, 0, 1, 1, 0, 0, 1],
  SV2: [0, 48, 0, 18, 2, 15, 0, 18],
  LIN: [0, 20, 2, 48],
  CTP: [0, 0, 0, 0, 15, 0],
  CL1: [0, 1, 1, 2],
};

/** Elements that must be present whenever their segment is (beyond the segment id). */
const REQUIRED_ELEMENTS: Record<string, readonly number[]> = {
  BHT: [1, 2, 3, 4, 5, 6],
  NM1: [1, 2],
  N3: [1],
  N4: [1],
  REF: [1, 2],
  PRV: [1, 2, 3],
  HL: [1, 3, 4],
  SBR: [1],
  DMG: [1, 2, 3],
  DTP: [1, 2, 3],
  LX: [1],
  SV1: [1, 2, 3, 4, 7],
  SV2: [1, 3, 4, 5],
  LIN: [2, 3],
  CTP: [4, 5],
  HI: [1],
  PER: [1],
  CL1: [3],
  ST: [1, 2, 3],
  SE: [1, 2],
};

function key(segment: Segment): string {
  const qualifier =
    segment.id === 'NM1' || segment.id === 'HL'
      ? segment.elements[segment.id === 'HL' ? 3 : 1]
      : '';
  return qualifier ? `${segment.id}*${qualifier}` : segment.id;
}

/** Every TR3 rule violation found in an 837 interchange (empty when none). */
export function tr3Violations(text: string, variant: Variant): string[] {
  const problems: string[] = [];
  const segments = [...segmentsOf(text)];
  const loops = variant === 'professional' ? PROFESSIONAL_LOOPS : INSTITUTIONAL_LOOPS;
  const starts = new Map(Object.entries(loops).map(([name, rule]) => [rule.start, name]));
  const version = variant === 'professional' ? '005010X222A1' : '005010X223A2';

  // Elements
  const required: Record<string, readonly number[]> = {
    ...REQUIRED_ELEMENTS,
    CLM: variant === 'professional' ? [1, 2, 5, 6, 7, 8, 9] : [1, 2, 5, 7, 8, 9],
  };
  for (const segment of segments) {
    const max = MAX_LENGTHS[segment.id];
    segment.elements.forEach((value, position) => {
      const limit = max?.[position];
      if (position > 0 && limit !== undefined && limit > 0 && value.length > limit) {
        problems.push(
          `${segment.id}${position} longer than ${limit} at segment ${segment.ordinal}`,
        );
      }
    });
    for (const position of required[segment.id] ?? []) {
      if ((segment.elements[position] ?? '') === '') {
        problems.push(`${segment.id}${position} empty at segment ${segment.ordinal}`);
      }
    }
  }

  // Envelope, one transaction set at a time
  let index = 0;
  while (index < segments.length) {
    const st = segments[index];
    if (st === undefined || st.id !== 'ST') {
      index++;
      continue;
    }
    if (st.elements[3] !== version) problems.push(`ST03 is not ${version}`);
    let end = index + 1;
    while (end < segments.length && segments[end]?.id !== 'SE') end++;
    const se = segments[end];
    if (se === undefined) {
      problems.push('SE missing');
      break;
    }
    if (Number(se.elements[1]) !== end - index + 1)
      problems.push(`SE01 ${se.elements[1]} != ${end - index + 1}`);
    if (se.elements[2] !== st.elements[2]) problems.push('SE02 != ST02');
    problems.push(...transactionViolations(segments.slice(index + 1, end), loops, starts));
    index = end + 1;
  }
  const gs = segments.find((s) => s.id === 'GS');
  if (gs?.elements[8] !== version) problems.push(`GS08 is not ${version}`);
  return problems;
}

function transactionViolations(
  body: readonly Segment[],
  loops: Record<string, LoopRule>,
  starts: Map<string, string>,
): string[] {
  const problems: string[] = [];
  // HL tree
  const levels = new Map<string, string>();
  let expected = 1;
  const hls = body.filter((s) => s.id === 'HL');
  hls.forEach((hl, position) => {
    const [, id = '', parent = '', code = '', child = ''] = hl.elements;
    if (id !== String(expected)) problems.push(`HL01 ${id} out of sequence (expected ${expected})`);
    expected++;
    const parentCode = levels.get(parent);
    if (code === '20' && parent !== '') problems.push('HL 20 has a parent');
    if (code === '22' && parentCode !== '20') problems.push(`HL ${id} (22) parent is not a 20`);
    if (code === '23' && parentCode !== '22') problems.push(`HL ${id} (23) parent is not a 22`);
    const hasChildren = hls.slice(position + 1).some((next) => next.elements[2] === id);
    if (child !== (hasChildren ? '1' : '0'))
      problems.push(`HL ${id} HL04 ${child} but children: ${hasChildren}`);
    levels.set(id, code);
  });
  if (!body.some((s) => s.id === 'BHT')) problems.push('BHT missing');

  // Loops: split at loop starts, check order and required segments inside each
  let current: { name: string; rule: LoopRule; position: number; seen: Set<string> } | null = null;
  let inLine = false;
  const close = (): void => {
    if (current === null) return;
    for (const entry of current.rule.body) {
      if (entry.endsWith('!') && !current.seen.has(entry.slice(0, -1))) {
        problems.push(`${current.name} lacks required ${entry.slice(0, -1)}`);
      }
    }
  };
  for (const segment of body) {
    const k = key(segment);
    let name = starts.get(k);
    if (segment.id === 'LX') inLine = true;
    if (segment.id === 'HL' || segment.id === 'CLM') inLine = false;
    if (inLine && LINE_PROVIDER_LOOPS.has(k)) name = '2420';
    if (name !== undefined) {
      close();
      const rule: LoopRule =
        name === '2420'
          ? { start: k, body: ['PRV', 'N3', 'N4', 'REF'] }
          : (loops[name] as LoopRule);
      current = { name, rule, position: -1, seen: new Set() };
      continue;
    }
    if (current === null) {
      problems.push(`${segment.id} outside any loop`);
      continue;
    }
    const position = current.rule.body.findIndex((entry) => entry.replace('!', '') === segment.id);
    if (position < 0) problems.push(`${segment.id} not allowed in ${current.name}`);
    else if (position < current.position)
      problems.push(`${segment.id} out of order in ${current.name}`);
    else current.position = position;
    current.seen.add(segment.id);
  }
  close();
  return problems;
}
