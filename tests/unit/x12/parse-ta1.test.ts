import { describe, expect, it } from 'vitest';
import { X12Error } from '#shared/x12/errors';
import { parseX12 } from '#shared/x12/parse-document';
import { parseTa1 } from '#shared/x12/parse-ta1';
import { STANDARD } from './x12-text.ts';
import { CORPUS_PRESENT, corpusSuite, readCorpus } from './corpus-files.ts';

function ta1Segment(text: string) {
  return { id: 'TA1', elements: text.split('*'), ordinal: 2, delimiters: STANDARD };
}

describe('parseTa1', () => {
  it('reads the acknowledged control number, date, time, verdict and note code', () => {
    expect(parseTa1(ta1Segment('TA1*000000905*240131*0930*E*001'))).toEqual({
      type: 'TA1',
      interchangeControlNumber: '000000905',
      interchangeDate: '2024-01-31',
      interchangeTime: '0930',
      acknowledgment: 'E',
      noteCode: '001',
    });
  });

  it('throws INVALID_ELEMENT for a TA104 other than A, E or R', () => {
    const run = () => parseTa1(ta1Segment('TA1*000000905*240131*0930*Z*000'));

    expect(run).toThrow(X12Error);
    expect(run).toThrow(expect.objectContaining({ code: 'INVALID_ELEMENT', position: 4 }) as Error);
  });

  it('throws MISSING_ELEMENT for an empty TA101', () => {
    expect(() => parseTa1(ta1Segment('TA1**240131*0930*A*000'))).toThrow(
      expect.objectContaining({ code: 'MISSING_ELEMENT', position: 1 }) as Error,
    );
  });
});

describe.skipIf(!CORPUS_PRESENT)(corpusSuite('parseTa1'), () => {
  it('reads the 5010 rejection with ">" elements and CR terminators: R, note 006', () => {
    const [interchange] = parseX12(readCorpus('ta1/oopfactory-ta1-rejected-5010.txt')).interchanges;

    expect(interchange?.ta1).toEqual([
      {
        type: 'TA1',
        interchangeControlNumber: '900000001',
        interchangeDate: '2010-06-24',
        interchangeTime: '1430',
        acknowledgment: 'R',
        noteCode: '006',
      },
    ]);
    expect(interchange?.warnings).toEqual([]);
  });

  it('reads both TA1s of the 4010 file, whose TA102 is CCYYMMDD and TA105 absent', () => {
    const [interchange] = parseX12(readCorpus('ta1/oopfactory-ta1-accepted-4010.txt')).interchanges;

    expect(
      interchange?.ta1.map((ta1) => [
        ta1.interchangeControlNumber,
        ta1.acknowledgment,
        ta1.noteCode,
        ta1.interchangeDate,
      ]),
    ).toEqual([
      ['0659', 'A', null, '2011-09-22'],
      ['0660', 'A', null, '2011-09-22'],
    ]);
    expect(interchange?.groups[0]?.transactions).toHaveLength(2);
  });
});
