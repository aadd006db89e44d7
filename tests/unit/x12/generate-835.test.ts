import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  transactionSet835,
  write835,
  X221A1,
  type Remittance835Input,
} from '#shared/x12/generate-835';
import { formatCents } from '#shared/domain/money/cents';
import { create835Parser } from '#shared/x12/parse-835';
import { parseX12 } from '#shared/x12/parse-document';
import type {
  Adjustment835,
  Claim835,
  ProviderAdjustment835,
  Remittance835,
  ServiceLine835,
} from '#shared/x12/remittance-835';
import { SegmentWriter, writeInterchange } from '#shared/x12/writer';
import { CLINIC_PAYEE } from '../../support/clinic-payee.ts';
import { sandboxPayerEnvelope } from './sandbox-payer-envelope.ts';

const corpusDir = fileURLToPath(new URL('../../../../shared/x12-corpus/835/', import.meta.url));
const hasCorpus = existsSync(corpusDir);

const ENVELOPE = sandboxPayerEnvelope({
  controlNumber: 42,
  createdAt: new Date('2025-01-02T10:30:00Z'),
});

function generate(remittances: readonly Remittance835Input[]): string {
  return writeInterchange(ENVELOPE, [
    {
      group: {
        functionalIdCode: 'HP',
        senderCode: 'SANDBOXPAYER',
        receiverCode: 'CLEARINGHOUSE',
        controlNumber: 7,
        version: X221A1,
      },
      transactionSets: remittances.map((remittance, i) => transactionSet835(remittance, i + 1)),
    },
  ]);
}

/** Strict: a wrong SE01/GE01/IEA01 or control number fails the test. */
function parseBack(text: string): Remittance835[] {
  const document = parseX12(text, { parsers: { '835': create835Parser }, strict: true });
  return document.interchanges.flatMap((i) =>
    i.groups.flatMap((g) => g.transactions as Remittance835[]),
  );
}

function inputOf(remittance: Remittance835): Remittance835Input {
  return {
    payment: remittance.payment,
    payer: remittance.payer,
    payee: remittance.payee,
    claims: remittance.claims,
    providerAdjustments: remittance.providerAdjustments,
  };
}

// ---- arbitraries: remittances that balance by construction ----

const token = fc.stringMatching(/^[A-Z0-9][A-Z0-9 ]{0,8}[A-Z0-9]$|^[A-Z0-9]$/);
const code2 = fc.stringMatching(/^[A-Z0-9]{2}$/);
const isoDate = fc
  .integer({ min: 0, max: 20_000 })
  .map((days) => new Date(Date.UTC(2000, 0, 1) + days * 86_400_000).toISOString().slice(0, 10));
const cents = fc.integer({ min: -50_000, max: 5_000_000 });

const adjustment: fc.Arbitrary<Adjustment835> = fc
  .record({
    group: fc.constantFrom('CO', 'PR', 'OA', 'PI'),
    reason: fc.constantFrom('1', '2', '3', '23', '45', '97', '137', '253', 'A2'),
    cents,
    quantity: fc.option(fc.integer({ min: 0, max: 99 }), { nil: undefined }),
  })
  .map(({ group, reason, cents: value, quantity }) =>
    quantity === undefined
      ? { group, reason, amount: formatCents(value) }
      : { group, reason, amount: formatCents(value), quantity },
  );

function total(adjustments: readonly Adjustment835[]): number {
  return adjustments.reduce((sum, a) => sum + Math.round(Number(a.amount) * 100), 0);
}

function prTotal(adjustments: readonly Adjustment835[]): number {
  return total(adjustments.filter((a) => a.group === 'PR'));
}

const dateSpan = fc.oneof(
  isoDate.map((d) => ({ from: d, to: d })),
  fc.tuple(isoDate, isoDate).map(([a, b]) => ({ from: a < b ? a : b, to: a < b ? b : a })),
  isoDate.map((d) => ({ from: d, to: null })),
);

const serviceLine: fc.Arbitrary<ServiceLine835> = fc
  .record({
    procedureQualifier: fc.constantFrom('HC', 'AD', 'N4', 'NU'),
    procedureCode: fc.stringMatching(/^[A-Z0-9]{5}$/),
    modifiers: fc.array(code2, { maxLength: 4 }),
    charge: fc.integer({ min: 0, max: 5_000_000 }),
    revenueCode: fc.option(fc.stringMatching(/^[0-9]{4}$/)),
    units: fc.option(fc.integer({ min: 1, max: 40 })),
    originalProcedure: fc.option(
      fc.record({
        qualifier: fc.constant('HC'),
        code: fc.stringMatching(/^[0-9]{5}$/),
        modifiers: fc.array(code2, { maxLength: 2 }),
      }),
    ),
    originalUnits: fc.option(fc.integer({ min: 1, max: 40 })),
    serviceDate: fc.option(dateSpan),
    lineItemControlNumber: fc.option(token),
    allowed: fc.option(fc.integer({ min: 0, max: 5_000_000 })),
    adjustments: fc.array(adjustment, { maxLength: 8 }),
    remarkCodes: fc.array(fc.stringMatching(/^[MN][0-9]{1,3}$/), { maxLength: 3 }),
  })
  .map((l) => ({
    procedureQualifier: l.procedureQualifier,
    procedureCode: l.procedureCode,
    modifiers: l.modifiers,
    chargeAmount: formatCents(l.charge),
    paidAmount: formatCents(l.charge - total(l.adjustments)),
    revenueCode: l.revenueCode,
    units: l.units,
    originalProcedure: l.originalProcedure,
    originalUnits: l.originalUnits,
    serviceDate: l.serviceDate,
    lineItemControlNumber: l.lineItemControlNumber,
    allowedAmount: l.allowed === null ? null : formatCents(l.allowed),
    adjustments: l.adjustments,
    remarkCodes: l.remarkCodes,
  }));

const claim: fc.Arbitrary<Claim835> = fc
  .record({
    patientControlNumber: token,
    statusCode: fc.constantFrom('1', '2', '3', '4', '19', '22', '23', '25'),
    serviceLines: fc.array(serviceLine, { maxLength: 4 }),
    extraCharge: fc.integer({ min: 0, max: 100_000 }),
    adjustments: fc.array(adjustment, { maxLength: 7 }),
    statePatientResponsibility: fc.boolean(),
    claimFilingIndicator: fc.constantFrom('12', 'MC', 'MA', 'MB', '16', 'CI'),
    payerClaimControlNumber: fc.option(token),
    facilityCode: fc.option(fc.constantFrom('11', '12', '21', '13')),
    frequencyCode: fc.option(fc.constantFrom('1', '7', '8')),
    remarkCodes: fc.array(fc.stringMatching(/^[MN][0-9]{1,3}$/), { maxLength: 5 }),
    patient: fc.option(
      fc.record({
        lastName: token,
        firstName: fc.option(token),
        idQualifier: fc.option(fc.constantFrom('MI', 'HN')),
        id: fc.option(token),
      }),
    ),
    references: fc.array(
      fc.record({ qualifier: fc.constantFrom('EA', '9A', 'F8', '1L'), value: token }),
      {
        maxLength: 3,
      },
    ),
    serviceDates: fc.option(
      fc.oneof(
        fc.tuple(isoDate, isoDate).map(([a, b]) => ({ from: a, to: b })),
        isoDate.map((d) => ({ from: d, to: null })),
        isoDate.map((d) => ({ from: null, to: d })),
      ),
    ),
    receivedDate: fc.option(isoDate),
  })
  .map((c) => {
    const lineCharges = c.serviceLines.reduce(
      (sum, l) => sum + Math.round(Number(l.chargeAmount) * 100),
      0,
    );
    const charge = c.serviceLines.length > 0 ? lineCharges : c.extraCharge;
    const lineAdjustments = c.serviceLines.flatMap((l) => l.adjustments);
    const adjusted = total(c.adjustments) + total(lineAdjustments);
    const pr = prTotal(c.adjustments) + prTotal(lineAdjustments);
    return {
      patientControlNumber: c.patientControlNumber,
      statusCode: c.statusCode,
      chargeAmount: formatCents(charge),
      paidAmount: formatCents(charge - adjusted),
      patientResponsibilityAmount:
        pr === 0 && !c.statePatientResponsibility ? null : formatCents(pr),
      claimFilingIndicator: c.claimFilingIndicator,
      payerClaimControlNumber: c.payerClaimControlNumber,
      facilityCode: c.facilityCode,
      frequencyCode: c.frequencyCode,
      adjustments: c.adjustments,
      remarkCodes: c.remarkCodes,
      patient: c.patient,
      references: c.references,
      serviceDates: c.serviceDates,
      receivedDate: c.receivedDate,
      serviceLines: c.serviceLines,
    };
  });

const providerAdjustment: fc.Arbitrary<ProviderAdjustment835> = fc.record({
  providerId: fc.constantFrom('1234567893', '9999999995'),
  fiscalPeriodDate: fc.constantFrom('2024-12-31', '2025-12-31'),
  reason: fc.constantFrom('WO', 'FB', 'L6', 'CS', '72', '50', 'CV'),
  reference: fc.option(token),
  amount: cents.map(formatCents),
});

const address = fc.option(
  fc.record({
    line1: token,
    line2: fc.option(token),
    city: token,
    state: fc.option(fc.stringMatching(/^[A-Z]{2}$/)),
    postalCode: fc.option(fc.stringMatching(/^[0-9]{5}$/)),
  }),
);

const remittance: fc.Arbitrary<Remittance835Input> = fc
  .record({
    claims: fc.array(claim, { maxLength: 6 }),
    providerAdjustments: fc.array(providerAdjustment, { maxLength: 9 }),
    handlingCode: fc.constantFrom('C', 'I', 'H'),
    method: fc.constantFrom('ACH', 'CHK', 'NON'),
    date: isoDate,
    traceNumber: token,
    originatorId: fc.option(fc.stringMatching(/^1[0-9]{9}$/)),
    productionDate: fc.option(isoDate),
    payerName: token,
    payerId: fc.option(token),
    payerAddress: address,
    payeeName: token,
    payeeId: fc.oneof(
      fc
        .stringMatching(/^[0-9]{10}$/)
        .map((npi) => ({ idQualifier: 'XX', id: npi, npi, taxId: null })),
      fc
        .stringMatching(/^[0-9]{9}$/)
        .map((tin) => ({ idQualifier: 'FI', id: tin, npi: null, taxId: tin })),
      fc
        .tuple(fc.stringMatching(/^[0-9]{10}$/), fc.stringMatching(/^[0-9]{9}$/))
        .map(([npi, tin]) => ({
          idQualifier: 'XX',
          id: npi,
          npi,
          taxId: tin,
        })),
    ),
    payeeAddress: address,
  })
  .map((r) => {
    const paid = r.claims.reduce((sum, c) => sum + Math.round(Number(c.paidAmount) * 100), 0);
    const plb = r.providerAdjustments.reduce(
      (sum, p) => sum + Math.round(Number(p.amount) * 100),
      0,
    );
    const net = paid - plb;
    return {
      payment: {
        totalAmount: formatCents(Math.abs(net)),
        creditDebitFlag: net < 0 ? 'D' : 'C',
        handlingCode: r.handlingCode,
        method: r.method,
        date: r.date,
        traceNumber: r.traceNumber,
        originatorId: r.originatorId,
        productionDate: r.productionDate,
      },
      payer: { name: r.payerName, address: r.payerAddress, id: r.payerId },
      payee: { name: r.payeeName, address: r.payeeAddress, ...r.payeeId },
      claims: r.claims,
      providerAdjustments: r.providerAdjustments,
    };
  });

describe('generate835', () => {
  it('writes an 835 that parses back to the same remittance and balances (property)', () => {
    fc.assert(
      fc.property(fc.array(remittance, { minLength: 1, maxLength: 2 }), (inputs) => {
        const parsed = parseBack(generate(inputs));
        expect(parsed).toHaveLength(inputs.length);
        parsed.forEach((result, index) => {
          expect(inputOf(result)).toEqual(inputs[index]);
          expect(result.balance.issues).toEqual([]);
          expect(result.balance.balanced).toBe(true);
          expect(result.warnings).toEqual([]);
          expect(result.controlNumber).toBe(String(index + 1).padStart(4, '0'));
        });
      }),
      { numRuns: 150 },
    );
  });

  it('writes the segments in X221A1 order with X12 amounts', () => {
    const writer = new SegmentWriter();
    write835(writer, {
      payment: {
        totalAmount: '94.50',
        creditDebitFlag: 'C',
        handlingCode: 'I',
        method: 'CHK',
        date: '2025-01-02',
        traceNumber: 'CHK1',
        originatorId: '1999999999',
        productionDate: null,
      },
      payer: { name: 'PAYER', address: null, id: 'P1' },
      payee: CLINIC_PAYEE,
      claims: [
        {
          patientControlNumber: 'PCN1',
          statusCode: '1',
          chargeAmount: '100.00',
          paidAmount: '94.50',
          patientResponsibilityAmount: null,
          claimFilingIndicator: '12',
          payerClaimControlNumber: 'CLM1',
          facilityCode: '11',
          frequencyCode: '1',
          adjustments: [],
          remarkCodes: [],
          patient: { lastName: 'DOE', firstName: 'JANE', idQualifier: 'MI', id: 'M1' },
          references: [],
          serviceDates: null,
          receivedDate: null,
          serviceLines: [
            {
              procedureQualifier: 'HC',
              procedureCode: '99213',
              modifiers: ['25'],
              chargeAmount: '100.00',
              paidAmount: '94.50',
              revenueCode: null,
              units: 1,
              originalProcedure: null,
              originalUnits: null,
              serviceDate: { from: '2024-12-01', to: '2024-12-01' },
              lineItemControlNumber: 'L1',
              allowedAmount: '94.50',
              adjustments: [{ group: 'CO', reason: '45', amount: '5.50' }],
              remarkCodes: ['N130'],
            },
          ],
        },
      ],
      providerAdjustments: [],
    });
    expect(writer.toString().split('~').slice(0, -1)).toEqual([
      'BPR*I*94.5*C*CHK************20250102',
      'TRN*1*CHK1*1999999999',
      'N1*PR*PAYER',
      'REF*2U*P1',
      'N1*PE*CLINIC*XX*1234567893',
      'LX*1',
      'CLP*PCN1*1*100*94.5**12*CLM1*11*1',
      'NM1*QC*1*DOE*JANE****MI*M1',
      'SVC*HC:99213:25*100*94.5**1',
      'DTM*472*20241201',
      'CAS*CO*45*5.5',
      'REF*6R*L1',
      'AMT*B6*94.5',
      'LQ*HE*N130',
    ]);
  });

  it('splits more than six CAS triples and more than six PLB pairs over repeated segments', () => {
    const adjustments = Array.from({ length: 7 }, (_, i) => ({
      group: 'CO',
      reason: String(i + 1),
      amount: '1.00',
    }));
    const plbs = Array.from({ length: 7 }, (_, i) => ({
      providerId: 'P1',
      fiscalPeriodDate: '2025-12-31',
      reason: 'CS',
      reference: `R${i}`,
      amount: '1.00',
    }));
    const writer = new SegmentWriter();
    write835(writer, {
      payment: {
        totalAmount: '0',
        creditDebitFlag: 'C',
        handlingCode: 'H',
        method: 'NON',
        date: '2025-01-02',
        traceNumber: 'T',
        originatorId: null,
        productionDate: null,
      },
      payer: { name: 'PAYER', address: null, id: null },
      payee: { name: 'CLINIC', address: null, idQualifier: null, id: null, npi: null, taxId: null },
      claims: [
        {
          patientControlNumber: 'PCN1',
          statusCode: '4',
          chargeAmount: '7.00',
          paidAmount: '0.00',
          patientResponsibilityAmount: null,
          claimFilingIndicator: '12',
          payerClaimControlNumber: null,
          facilityCode: null,
          frequencyCode: null,
          adjustments,
          remarkCodes: [],
          patient: null,
          references: [],
          serviceDates: null,
          receivedDate: null,
          serviceLines: [],
        },
      ],
      providerAdjustments: plbs,
    });
    const segments = writer.toString().split('~');
    expect(segments.filter((s) => s.startsWith('CAS'))).toEqual([
      'CAS*CO*1*1**2*1**3*1**4*1**5*1**6*1',
      'CAS*CO*7*1',
    ]);
    expect(segments.filter((s) => s.startsWith('PLB'))).toEqual([
      'PLB*P1*20251231*CS:R0*1*CS:R1*1*CS:R2*1*CS:R3*1*CS:R4*1*CS:R5*1',
      'PLB*P1*20251231*CS:R6*1',
    ]);
  });

  it('refuses a remittance without a payment date (BPR16 is required)', () => {
    const writer = new SegmentWriter();
    expect(() =>
      write835(writer, {
        payment: {
          totalAmount: '0.00',
          creditDebitFlag: 'C',
          handlingCode: 'H',
          method: 'NON',
          date: null,
          traceNumber: 'T',
          originatorId: null,
          productionDate: null,
        },
        payer: { name: 'PAYER', address: null, id: null },
        payee: {
          name: 'CLINIC',
          address: null,
          idQualifier: null,
          id: null,
          npi: null,
          taxId: null,
        },
        claims: [],
        providerAdjustments: [],
      }),
    ).toThrow(RangeError);
  });

  describe.skipIf(!hasCorpus)('public corpus round trip', () => {
    it.each([
      'dwai-X221-multiple-claims-single-check.edi',
      'herophilus-inpatient-drg-retro.txt',
      'herophilus-outpatient-retro-reversal.txt',
      'herophilus-pharmacy-2014.txt',
      'keiron-united-healthcare-legacy.txt',
      'lfh-medicare-part-a.835',
    ])('regenerates %s into an 835 that parses to the same claims and money', (name) => {
      const [parsed] = parseX12(readFileSync(corpusDir + name), {
        parsers: { '835': create835Parser },
      }).interchanges.flatMap((i) => i.groups.flatMap((g) => g.transactions as Remittance835[]));
      if (parsed === undefined) throw new Error('no 835 in corpus file');
      const [again] = parseBack(generate([inputOf(parsed)]));
      expect(again && inputOf(again)).toEqual(inputOf(parsed));
      expect(again?.balance).toEqual(parsed.balance);
    });
  });
});
