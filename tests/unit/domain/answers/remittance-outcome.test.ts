import { describe, expect, it } from 'vitest';
import { remittanceOutcome } from '#shared/domain/answers/remittance-outcome';
import { adjustment, claim835, line835 } from '../../../integration/answers/answer-builders.ts';

describe('remittanceOutcome', () => {
  it('is PAID when something is paid and no line is denied', () => {
    const claim = claim835({
      patientControlNumber: 'A',
      charge: '100.00',
      paid: '80.00',
      lines: [line835('100.00', '80.00', [adjustment('CO', '45', '20.00')])],
    });
    expect(remittanceOutcome(claim)).toBe('PAID');
  });

  it('is PAID for a zero payment that all went to the deductible, write-off included', () => {
    const claim = claim835({
      patientControlNumber: 'A',
      charge: '100.00',
      paid: '0.00',
      lines: [
        line835('100.00', '0.00', [
          adjustment('CO', '45', '30.00'),
          adjustment('PR', '1', '70.00'),
        ]),
      ],
    });
    expect(remittanceOutcome(claim)).toBe('PAID');
  });

  it('is PARTIALLY_PAID when one line paid and another paid nothing with a CO adjustment', () => {
    const claim = claim835({
      patientControlNumber: 'A',
      charge: '100.00',
      paid: '40.00',
      lines: [
        line835('50.00', '40.00', [adjustment('CO', '45', '10.00')]),
        line835('50.00', '0.00', [adjustment('CO', '50', '50.00')]),
      ],
    });
    expect(remittanceOutcome(claim)).toBe('PARTIALLY_PAID');
  });

  it('is DENIED for CLP02 4, and for nothing paid with adjustments outside PR', () => {
    expect(
      remittanceOutcome(
        claim835({ patientControlNumber: 'A', statusCode: '4', charge: '1.00', paid: '0.00' }),
      ),
    ).toBe('DENIED');
    expect(
      remittanceOutcome(
        claim835({
          patientControlNumber: 'A',
          charge: '100.00',
          paid: '0.00',
          adjustments: [adjustment('CO', '16', '100.00')],
        }),
      ),
    ).toBe('DENIED');
  });

  it('is REVERSED for CLP02 22 (never a denial), and no status for 23 or 25', () => {
    const reversal = claim835({
      patientControlNumber: 'A',
      statusCode: '22',
      charge: '-100.00',
      paid: '-100.00',
    });
    expect(remittanceOutcome(reversal)).toBe('REVERSED');
    expect(
      remittanceOutcome(
        claim835({ patientControlNumber: 'A', statusCode: '23', charge: '1.00', paid: '0.00' }),
      ),
    ).toBeNull();
  });
});
