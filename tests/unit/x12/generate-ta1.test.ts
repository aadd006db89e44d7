import { describe, expect, it } from 'vitest';
import { generateTa1 } from '#shared/x12/generate-ta1';
import { parseX12 } from '#shared/x12/parse-document';
import { sandboxPayerEnvelope } from './sandbox-payer-envelope.ts';

const interchange = sandboxPayerEnvelope({
  controlNumber: 5,
  createdAt: new Date('2025-03-20T12:01:00Z'),
});

describe('generateTa1', () => {
  it('writes a TA1 in its own interchange with IEA01 0 that parses back in strict mode', () => {
    const text = generateTa1({
      interchange,
      acknowledgedControlNumber: '000000101',
      acknowledgedDate: '2025-03-20',
      acknowledgedTime: '1200',
      acknowledgment: 'R',
      noteCode: '021',
    });

    const document = parseX12(text, { strict: true });
    expect(text).toContain('IEA*0*000000005~');
    expect(document.interchanges[0]?.warnings).toEqual([]);
    expect(document.interchanges[0]?.ta1).toEqual([
      {
        type: 'TA1',
        interchangeControlNumber: '000000101',
        interchangeDate: '2025-03-20',
        interchangeTime: '1200',
        acknowledgment: 'R',
        noteCode: '021',
      },
    ]);
  });
});
