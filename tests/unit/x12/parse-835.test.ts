import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { X12Error } from '#shared/x12/errors';
import { create835Parser, parse835Stream } from '#shared/x12/parse-835';
import { parseX12 } from '#shared/x12/parse-document';
import type { Claim835, Remittance835, Remittance835Header } from '#shared/x12/remittance-835';

const corpusDir = fileURLToPath(new URL('../../../../shared/x12-corpus/835/', import.meta.url));
const fixtureDir = fileURLToPath(new URL('../../fixtures/x12/835/', import.meta.url));
const hasCorpus = existsSync(corpusDir);

function parse835(input: string | Uint8Array): Remittance835[] {
  const document = parseX12(input, { parsers: { '835': create835Parser } });
  return document.interchanges.flatMap((interchange) =>
    interchange.groups.flatMap((group) => group.transactions as Remittance835[]),
  );
}

function only(input: string | Uint8Array): Remittance835 {
  const [remittance, ...rest] = parse835(input);
  expect(rest).toHaveLength(0);
  if (remittance === undefined) throw new Error('no 835 transaction in input');
  return remittance;
}

function corpus(name: string): Buffer {
  return readFileSync(corpusDir + name);
}

function claimAt(remittance: Remittance835, index: number): Claim835 {
  const claim = remittance.claims[index];
  if (claim === undefined) throw new Error(`no claim ${index}`);
  return claim;
}

/** An 835 interchange around the given transaction body (segments without terminators). */
function interchange(body: string[]): string {
  const segments = [
    'ISA*00*          *00*          *ZZ*PAYER          *ZZ*RECEIVER       *250101*1200*^*00501*000000001*0*T*:',
    'GS*HP*PAYER*RECEIVER*20250101*1200*1*X*005010X221A1',
    'ST*835*0001*005010X221A1',
    ...body,
    `SE*${body.length + 2}*0001`,
    'GE*1*1',
    'IEA*1*000000001',
  ];
  return segments.join('~') + '~';
}

const HEADER = [
  'BPR*I*100*C*CHK************20250102',
  'TRN*1*TRACE1*1999999999',
  'N1*PR*PAYER',
  'N1*PE*CLINIC*XX*1234567893',
];

describe('parse835', () => {
  describe('own fixture (reversal, six-triple CAS, PLB pairs, two sets)', () => {
    const [first, second] = parse835(readFileSync(fixtureDir + 'reversal-plb-two-sets.835'));
    if (first === undefined || second === undefined) throw new Error('fixture must hold two sets');

    it('reads the payment, payer and payee header', () => {
      expect(first.type).toBe('835');
      expect(first.controlNumber).toBe('0001');
      expect(first.payment).toEqual({
        totalAmount: '744.00',
        creditDebitFlag: 'C',
        handlingCode: 'I',
        method: 'CHK',
        date: '2025-01-02',
        traceNumber: 'CHK100200',
        originatorId: '1999999999',
        productionDate: '2025-01-01',
      });
      expect(first.payer).toEqual({
        name: 'SANDBOX HEALTH PLAN',
        id: 'SBX01',
        address: {
          line1: '1 PAYER WAY',
          line2: null,
          city: 'SPRINGFIELD',
          state: 'IL',
          postalCode: '62701',
        },
      });
      expect(first.payee).toMatchObject({
        name: 'EXAMPLE CLINIC',
        idQualifier: 'XX',
        npi: '1234567893',
        taxId: '123456789',
      });
    });

    it('keeps a reversal and its correction as two claims in file order', () => {
      const [reversal, correction] = first.claims;
      expect(reversal).toMatchObject({
        patientControlNumber: 'PCN-A',
        statusCode: '22',
        chargeAmount: '-200.00',
        paidAmount: '-150.00',
        patientResponsibilityAmount: null,
        payerClaimControlNumber: 'PAYERCLM1',
        adjustments: [{ group: 'CO', reason: '45', amount: '-50.00' }],
      });
      expect(correction).toMatchObject({
        patientControlNumber: 'PCN-A',
        statusCode: '1',
        chargeAmount: '200.00',
        paidAmount: '160.00',
        patientResponsibilityAmount: '10.00',
        frequencyCode: '7',
        remarkCodes: ['N1', 'M2'],
        references: [{ qualifier: 'F8', value: 'PAYERCLM1' }],
        serviceDates: { from: '2024-12-01', to: '2024-12-02' },
        receivedDate: '2024-12-10',
        patient: { lastName: 'DOE', firstName: 'JANE', idQualifier: 'MI', id: 'MEMBER1' },
      });
    });

    it('maps service lines with modifiers, dates, REF*6R, AMT*B6, LQ*HE and SVC06', () => {
      const [line1, line2] = claimAt(first, 1).serviceLines;
      expect(line1).toEqual({
        procedureQualifier: 'HC',
        procedureCode: '99213',
        modifiers: ['25'],
        chargeAmount: '120.00',
        paidAmount: '110.00',
        revenueCode: null,
        units: 1,
        originalProcedure: null,
        originalUnits: null,
        serviceDate: { from: '2024-12-01', to: '2024-12-01' },
        lineItemControlNumber: 'LINE-1',
        allowedAmount: '110.00',
        adjustments: [{ group: 'CO', reason: '45', amount: '10.00' }],
        remarkCodes: [],
      });
      expect(line2).toMatchObject({
        procedureCode: '85025',
        units: 2,
        originalProcedure: { qualifier: 'HC', code: '85027', modifiers: [] },
        serviceDate: { from: '2024-12-01', to: '2024-12-02' },
        lineItemControlNumber: 'LINE-2',
        allowedAmount: null,
        adjustments: [
          { group: 'CO', reason: '45', amount: '20.06', quantity: 1 },
          { group: 'CO', reason: '137', amount: '-0.06' },
        ],
        remarkCodes: ['N130', 'M80'],
      });
    });

    it('reads every triple of a CAS with six, and amounts that start with a dot', () => {
      const claim = claimAt(first, 2);
      expect(claim.adjustments.map((a) => `${a.group} ${a.reason} ${a.amount}`)).toEqual([
        'CO 45 100.00',
        'CO A2 50.00',
        'CO 97 25.00',
        'CO 253 5.00',
        'CO 59 10.00',
        'CO B6 10.00',
        'PR 1 0.50',
      ]);
      expect(claim.adjustments[0]?.quantity).toBe(1);
      expect(claim.patientResponsibilityAmount).toBe('0.50');
    });

    it('reads one provider adjustment per PLB pair across repeated PLB segments', () => {
      expect(first.providerAdjustments).toEqual([
        {
          providerId: '1234567893',
          fiscalPeriodDate: '2024-12-31',
          reason: 'WO',
          reference: 'PAYERCLM1',
          amount: '-20.00',
        },
        {
          providerId: '1234567893',
          fiscalPeriodDate: '2024-12-31',
          reason: 'L6',
          reference: null,
          amount: '-4.50',
        },
        {
          providerId: '1234567893',
          fiscalPeriodDate: '2024-12-31',
          reason: '72',
          reference: 'REFUND1',
          amount: '100.00',
        },
        {
          providerId: '1234567893',
          fiscalPeriodDate: '2024-12-31',
          reason: 'CS',
          reference: 'ADJ1',
          amount: '1.00',
        },
        {
          providerId: '1234567893',
          fiscalPeriodDate: '2024-12-31',
          reason: 'FB',
          reference: 'X1',
          amount: '2.00',
        },
        {
          providerId: '1234567893',
          fiscalPeriodDate: '2024-12-31',
          reason: '50',
          reference: null,
          amount: '-3.00',
        },
        {
          providerId: '1234567893',
          fiscalPeriodDate: '2024-12-31',
          reason: 'CS',
          reference: 'ADJ2',
          amount: '-10.00',
        },
      ]);
    });

    it('balances at service, claim and transaction level (744.00 = 809.50 - 65.50)', () => {
      expect(first.balance).toEqual({ balanced: true, issues: [], issueCount: 0 });
      expect(first.warnings).toEqual([]);
    });

    it('parses a second, PLB-only set of the same group with no claims', () => {
      expect(second.controlNumber).toBe('0002');
      expect(second.claims).toEqual([]);
      expect(second.providerAdjustments.map((p) => p.amount)).toEqual(['10.00', '-10.00']);
      expect(second.balance.balanced).toBe(true);
      expect(second.payee.address).toBeNull();
    });
  });

  describe('balancing', () => {
    it('reports each failed equation with the computed and the sent amount', () => {
      const remittance = only(
        interchange([
          ...HEADER,
          'LX*1',
          'CLP*PCN1*1*100*70**12*CLM1',
          'CAS*CO*45*20',
          'SVC*HC:99213*100*85',
          'CAS*CO*45*10',
        ]),
      );
      expect(remittance.balance.balanced).toBe(false);
      expect(remittance.balance.issues).toEqual([
        {
          level: 'service',
          kind: 'balance',
          claimIndex: 0,
          lineIndex: 0,
          expected: '90.00',
          actual: '85.00',
        },
        { level: 'transaction', kind: 'balance', expected: '70.00', actual: '100.00' },
      ]);
      expect(remittance.balance.issueCount).toBe(2);
    });

    it('subtracts PLB amounts from the claims total: a positive PLB reduces the payment', () => {
      const remittance = only(
        interchange([
          'BPR*I*96.01*C*CHK************20250102',
          ...HEADER.slice(1),
          'LX*1',
          'CLP*PCN1*1*100*100**12*CLM1',
          'PLB*1234567893*20251231*WO:CLM0*3.99',
        ]),
      );
      expect(remittance.balance.balanced).toBe(true);
    });

    it('compares a debit payment (BPR03 D) as a negative total', () => {
      const remittance = only(
        interchange([
          'BPR*I*50*D*ACH************20250102',
          ...HEADER.slice(1),
          'LX*1',
          'CLP*PCN1*22*-50*-50**12*CLM1',
          'CAS*CO*45*0',
        ]),
      );
      expect(remittance.balance).toEqual({ balanced: true, issues: [], issueCount: 0 });
    });

    it('flags CLP05 that differs from the PR adjustments without making the file unbalanced', () => {
      const remittance = only(
        interchange([
          'BPR*I*75*C*CHK************20250102',
          ...HEADER.slice(1),
          'LX*1',
          'CLP*PCN1*1*100*75*30*12*CLM1',
          'CAS*PR*1*25',
        ]),
      );
      expect(remittance.balance).toEqual({
        balanced: true,
        issueCount: 1,
        issues: [
          {
            level: 'claim',
            kind: 'patientResponsibility',
            claimIndex: 0,
            expected: '25.00',
            actual: '30.00',
          },
        ],
      });
    });

    it('does not check a claim that has neither service lines nor claim adjustments', () => {
      const remittance = only(interchange([...HEADER, 'LX*1', 'CLP*PCN1*1*150*100**12*CLM1']));
      expect(remittance.balance.issues).toEqual([]);
    });
  });

  describe('tolerated defects', () => {
    it('splits a composite on another separator than ISA16 and records a warning', () => {
      const remittance = only(
        interchange([...HEADER, 'LX*1', 'CLP*PCN1*1*100*100**12*CLM1', 'SVC*HC>99213>25*100*100']),
      );
      expect(claimAt(remittance, 0).serviceLines[0]).toMatchObject({
        procedureQualifier: 'HC',
        procedureCode: '99213',
        modifiers: ['25'],
      });
      expect(remittance.warnings).toEqual([
        expect.objectContaining({ code: 'COMPONENT_SEPARATOR', segmentId: 'SVC', position: 1 }),
      ]);
    });

    it('reads the payment date from BPR15 when BPR16 is empty, with a warning', () => {
      const remittance = only(
        interchange(['BPR*I*100*C*CHK***********20250103', ...HEADER.slice(1)]),
      );
      expect(remittance.payment.date).toBe('2025-01-03');
      expect(remittance.warnings[0]).toMatchObject({
        code: 'SHIFTED_ELEMENT',
        segmentId: 'BPR',
        position: 15,
      });
    });

    it('keeps a truncated CLP with 0.00 amounts and a warning per missing element', () => {
      const remittance = only(interchange([...HEADER, 'LX*1', 'CLP*PCN1*22']));
      expect(claimAt(remittance, 0)).toMatchObject({ chargeAmount: '0.00', paidAmount: '0.00' });
      expect(remittance.warnings.map((w) => `${w.code} ${w.segmentId}${w.position}`)).toEqual([
        'MISSING_ELEMENT CLP3',
        'MISSING_ELEMENT CLP4',
        'MISSING_ELEMENT CLP6',
      ]);
    });

    it('rounds an amount with more than two decimals half away from zero', () => {
      const remittance = only(
        interchange([
          ...HEADER,
          'LX*1',
          'CLP*PCN1*1*100*89.99**12*CLM1',
          'CAS*CO*45*10.005*1*253*-.004',
        ]),
      );
      expect(claimAt(remittance, 0).adjustments.map((a) => a.amount)).toEqual(['10.01', '0.00']);
    });

    it('keeps CAS group CR from pre-5010 files and flags it', () => {
      const remittance = only(
        interchange([...HEADER, 'LX*1', 'CLP*PCN1*1*100*100**12*CLM1', 'CAS*CR*18*0']),
      );
      expect(claimAt(remittance, 0).adjustments).toEqual([
        { group: 'CR', reason: '18', amount: '0.00' },
      ]);
      expect(remittance.warnings[0]).toMatchObject({
        code: 'INVALID_CODE',
        segmentId: 'CAS',
        position: 1,
      });
    });
  });

  describe('errors', () => {
    it('rejects a malformed amount naming segment and element but not the value', () => {
      const secret = '12A4.5';
      const text = interchange([...HEADER, 'LX*1', `CLP*PCN1*1*${secret}*100**12*CLM1`]);
      const error = catchError(() => parse835(text));
      expect(error).toBeInstanceOf(X12Error);
      expect(error).toMatchObject({ code: 'INVALID_ELEMENT', segmentId: 'CLP', position: 3 });
      expect((error as Error).message).not.toContain(secret);
    });

    it('rejects a service line before any claim', () => {
      const error = catchError(() =>
        parse835(interchange([...HEADER, 'LX*1', 'SVC*HC:99213*10*10'])),
      );
      expect(error).toMatchObject({ code: 'UNEXPECTED_SEGMENT', segmentId: 'SVC' });
    });

    it('rejects a transaction without BPR', () => {
      const error = catchError(() => parse835(interchange(HEADER.slice(1))));
      expect(error).toMatchObject({ code: 'MISSING_SEGMENT' });
      expect((error as Error).message).toContain('BPR');
    });
  });

  describe('parse835Stream', () => {
    const text = readFileSync(fixtureDir + 'reversal-plb-two-sets.835');

    it('hands over the same claims as the whole-set parser, in order, with their header', async () => {
      const received: { claim: Claim835; header: Remittance835Header }[] = [];
      const chunks = Array.from({ length: Math.ceil(text.length / 7) }, (_, i) =>
        text.subarray(i * 7, i * 7 + 7),
      );
      const result = await parse835Stream(chunks, (claim, header) => {
        received.push({ claim, header });
      });
      const [whole] = parse835(text);
      expect(received.map((r) => r.claim)).toEqual(whole?.claims);
      expect(received.every((r) => r.header.controlNumber === '0001')).toBe(true);
      expect(
        result.transactions.map((t) => [t.controlNumber, t.claimCount, t.balance.balanced]),
      ).toEqual([
        ['0001', 4, true],
        ['0002', 0, true],
      ]);
      expect(result.transactions[0]?.providerAdjustments).toHaveLength(7);
    });

    it('delivers each claim before the rest of the input is read, awaiting the callback', async () => {
      const claims = Array.from(
        { length: 2000 },
        (_, i) => `CLP*PCN${i}*1*100*100**12*CLM${i}~SVC*HC:99213*100*100~REF*6R*L${i}`,
      ).join('~');
      const big = interchange([
        'BPR*I*200000*C*CHK************20250102',
        ...HEADER.slice(1),
        'LX*1',
        claims,
      ]).replace(/SE\*\d+\*0001/, `SE*${6 + 2000 * 3 + 2}*0001`);
      let pulled = 0;
      const source = (async function* () {
        for (let i = 0; i < big.length; i += 4096) {
          pulled++;
          // A real source (a file, S3) resolves later; so does this one.
          yield await Promise.resolve(big.slice(i, i + 4096));
        }
      })();
      const pulledAtClaim: number[] = [];
      const result = await parse835Stream(source, async (claim) => {
        pulledAtClaim.push(pulled);
        await Promise.resolve(claim);
      });
      expect(pulledAtClaim).toHaveLength(2000);
      expect(pulledAtClaim[0]).toBeLessThan(3);
      expect(pulledAtClaim[1000]).toBeLessThan(pulled);
      expect(result.transactions[0]?.balance.balanced).toBe(true);
    });

    it('refuses a transaction set that is not an 835', async () => {
      const notAn835 = interchange(HEADER).replace('ST*835*0001', 'ST*999*0001');
      await expect(parse835Stream([notAn835], () => undefined)).rejects.toMatchObject({
        code: 'UNSUPPORTED_TRANSACTION',
      });
    });
  });

  describe.skipIf(!hasCorpus)('public corpus (shared/x12-corpus/835)', () => {
    const files = hasCorpus ? readdirSync(corpusDir).sort() : [];

    it.each(files)('parses %s through the tokenizer and envelope reader', (name) => {
      const remittances = parse835(corpus(name));
      expect(remittances.length).toBeGreaterThan(0);
      for (const remittance of remittances) expect(remittance.type).toBe('835');
    });

    const balancedFiles = [
      'dwai-X221-line-penalty-example-1.edi',
      'dwai-X221-multiple-claims-single-check.edi',
      'hdi-835-denial.dat',
      'herophilus-inpatient-drg-retro.txt',
      'herophilus-institutional-2014.txt',
      'herophilus-outpatient-retro-reversal.txt',
      'herophilus-pharmacy-2014.txt',
      'herophilus-professional-w-payment-2014.txt',
      'keiron-united-healthcare-legacy.txt',
      'lfh-cob-contractual-adjustment.835',
      'lfh-managed-care.835',
      'lfh-medicare-part-a.835',
      'lfh-secondary-payment.835',
    ];
    it.each(balancedFiles)('reports %s as balanced with no issue', (name) => {
      const remittance = only(corpus(name));
      expect(remittance.balance.issues).toEqual([]);
      expect(remittance.balance.balanced).toBe(true);
    });

    it('Medicare Part A: BPR02 150000.00 = 149998.73 - (PLB CV -1.27), MIA/MOA, no lines', () => {
      const remittance = only(corpus('lfh-medicare-part-a.835'));
      expect(remittance.payment).toMatchObject({
        totalAmount: '150000.00',
        method: 'ACH',
        date: '2002-09-13',
      });
      expect(remittance.claims.map((c) => c.paidAmount)).toEqual(['138018.40', '11980.33']);
      expect(remittance.providerAdjustments).toEqual([
        {
          providerId: '6543210903',
          fiscalPeriodDate: '2002-12-31',
          reason: 'CV',
          reference: 'CP',
          amount: '-1.27',
        },
      ]);
      expect(claimAt(remittance, 1).remarkCodes).toEqual(['MA02']);
      expect(claimAt(remittance, 0).adjustments).toEqual([
        { group: 'CO', reason: '45', amount: '73348.57' },
      ]);
      expect(remittance.payer.id).toBe('999');
    });

    it('pharmacy: PLB WO 3.99 reduces BPR02 (223.64 - 3.99 = 219.65), negative line CAS', () => {
      const remittance = only(corpus('herophilus-pharmacy-2014.txt'));
      expect(remittance.payment.totalAmount).toBe('219.65');
      expect(remittance.providerAdjustments).toEqual([
        expect.objectContaining({ reason: 'WO', reference: 'FCN#201001010000000', amount: '3.99' }),
      ]);
      const line = claimAt(remittance, 2).serviceLines[0];
      expect(line).toMatchObject({
        procedureQualifier: 'N4',
        procedureCode: '54092051902',
        units: 30,
      });
      expect(line?.adjustments).toEqual([
        { group: 'CO', reason: '91', amount: '-3.50' },
        { group: 'CO', reason: '45', amount: '36.32' },
      ]);
    });

    it('outpatient retro: reversal (22, negated) then correction, same CLP01, PLB FB -20.16, BPR 0', () => {
      const remittance = only(corpus('herophilus-outpatient-retro-reversal.txt'));
      expect(remittance.payment).toMatchObject({
        totalAmount: '0.00',
        handlingCode: 'H',
        method: 'NON',
      });
      expect(
        remittance.claims.map((c) => [
          c.patientControlNumber,
          c.statusCode,
          c.chargeAmount,
          c.paidAmount,
        ]),
      ).toEqual([
        ['987654321', '22', '-7151.17', '-7151.17'],
        ['987654321', '1', '7151.17', '7131.01'],
      ]);
      expect(claimAt(remittance, 0).remarkCodes).toEqual(['N689']);
      expect(claimAt(remittance, 1).adjustments).toEqual([
        { group: 'CO', reason: '45', amount: '20.16' },
      ]);
      expect(remittance.providerAdjustments[0]).toMatchObject({ reason: 'FB', amount: '-20.16' });
      expect(remittance.payee).toMatchObject({ idQualifier: 'FI', taxId: '111222333', npi: null });
    });

    it('inpatient DRG retro: negative claim CAS and MIA on the reversal, frequency 7 correction', () => {
      const remittance = only(corpus('herophilus-inpatient-drg-retro.txt'));
      const [reversal, correction] = remittance.claims;
      expect(reversal).toMatchObject({
        statusCode: '22',
        chargeAmount: '-37617.33',
        paidAmount: '-627.97',
        payerClaimControlNumber: '1300000000000020',
        adjustments: [{ group: 'CO', reason: '45', amount: '-36989.36' }],
        remarkCodes: ['N689'],
        serviceDates: { from: '2013-01-21', to: '2013-01-25' },
      });
      expect(correction).toMatchObject({
        statusCode: '1',
        paidAmount: '629.54',
        frequencyCode: '7',
        payerClaimControlNumber: '1400000000000020',
      });
      expect(remittance.payment.totalAmount).toBe('1.57');
    });

    it('dental check: nine claims with the same CLP01, CLP05 24.00 = PR 14 + 10 on lines', () => {
      const remittance = only(corpus('dwai-X221-multiple-claims-single-check.edi'));
      expect(remittance.claims).toHaveLength(9);
      expect(new Set(remittance.claims.map((c) => c.patientControlNumber))).toEqual(
        new Set(['7722337']),
      );
      const third = claimAt(remittance, 2);
      expect(third.patientResponsibilityAmount).toBe('24.00');
      expect(third.serviceLines[1]?.adjustments).toEqual([
        { group: 'PR', reason: '3', amount: '14.00' },
        { group: 'CO', reason: '45', amount: '11.00' },
      ]);
      expect(third.serviceLines[0]).toMatchObject({
        procedureQualifier: 'AD',
        procedureCode: 'D0120',
        allowedAmount: '25.00',
      });
    });

    it('line penalty: a CAS with two triples incl. -.06, REF*6R per line, MOA remark', () => {
      const remittance = only(corpus('dwai-X221-line-penalty-example-1.edi'));
      const claim = claimAt(remittance, 0);
      expect(claim.remarkCodes).toEqual(['N25']);
      expect(claim.serviceLines.map((l) => l.lineItemControlNumber)).toEqual(['B1', 'B2']);
      expect(claim.serviceLines[0]?.adjustments).toEqual([
        { group: 'CO', reason: '45', amount: '23.20' },
        { group: 'CO', reason: '137', amount: '-0.06' },
      ]);
      expect(claim.serviceLines[0]?.allowedAmount).toBe('3.00');
    });

    it('denial: CLP02 4, LQ*HE remark, REF*6R, "|" component separator', () => {
      const claim = claimAt(only(corpus('hdi-835-denial.dat')), 0);
      expect(claim.statusCode).toBe('4');
      expect(claim.serviceLines[0]).toMatchObject({
        procedureCode: '99213',
        lineItemControlNumber: '1234',
        remarkCodes: ['M143'],
        adjustments: [{ group: 'OA', reason: '252', amount: '150.00' }],
      });
    });

    it('secondary payment: ">" composites under ISA16 ":" are split with a warning, BPR15 date', () => {
      const remittance = only(corpus('lfh-secondary-payment.835'));
      const line = claimAt(remittance, 1).serviceLines[1];
      expect(line).toMatchObject({ procedureCode: '66543', modifiers: ['26'], revenueCode: '220' });
      expect(line?.adjustments.map((a) => `${a.group} ${a.reason} ${a.amount}`)).toEqual([
        'PR 1 150.00',
        'PR 2 70.00',
        'CO 42 85.00',
      ]);
      expect(remittance.payment.date).toBe('2005-04-12');
      expect(remittance.warnings.map((w) => w.code)).toEqual([
        'SHIFTED_ELEMENT',
        'COMPONENT_SEPARATOR',
        'COMPONENT_SEPARATOR',
      ]);
    });

    it('managed care: DTM 150/151 line dates, claim-level CO with line-level PR', () => {
      const remittance = only(corpus('lfh-managed-care.835'));
      const claim = claimAt(remittance, 0);
      expect(claim.serviceLines[0]?.serviceDate).toEqual({ from: '2002-03-01', to: '2002-03-04' });
      expect(claim.adjustments).toEqual([{ group: 'CO', reason: 'A2', amount: '50.00' }]);
      // BPR16 20002316 is not a date: kept as null and reported.
      expect(remittance.payment.date).toBeNull();
      expect(remittance.warnings[0]).toMatchObject({
        code: 'INVALID_DATE',
        segmentId: 'BPR',
        position: 16,
      });
    });

    it('UHC: ">" is the declared separator (no warning), payer id from N104, CAS PR 2 + PR 1', () => {
      const remittance = only(corpus('keiron-united-healthcare-legacy.txt'));
      expect(remittance.warnings).toEqual([]);
      expect(remittance.payer.id).toBe('87726');
      expect(remittance.payee.npi).toBe('1922164458');
      const line = claimAt(remittance, 1).serviceLines[2];
      expect(line?.adjustments.filter((a) => a.group === 'PR').map((a) => a.amount)).toEqual([
        '5.13',
        '110.00',
      ]);
      expect(claimAt(remittance, 1).patientResponsibilityAmount).toBe('115.13');
    });

    it('provider-level adjustments: three sets, PLB-only ones, unbalanced where the PLB is not offset', () => {
      const remittances = parse835(corpus('hdi-835-provider-level-adjustment.dat'));
      expect(
        remittances.map((r) => [r.controlNumber, r.claims.length, r.providerAdjustments.length]),
      ).toEqual([
        ['0001', 0, 4],
        ['0002', 1, 1],
        ['0003', 0, 1],
      ]);
      expect(remittances.map((r) => r.balance.balanced)).toEqual([true, false, false]);
      expect(remittances[1]?.balance.issues).toEqual([
        { level: 'transaction', kind: 'balance', expected: '201.82', actual: '500.00' },
      ]);
    });

    it('de-identified multiple interchanges: three sets parse and are reported unbalanced', () => {
      const remittances = parse835(corpus('oopfactory-835-multiple-interchanges.txt'));
      expect(remittances.map((r) => r.controlNumber)).toEqual(['8001', '9001', '10001']);
      expect(remittances.every((r) => !r.balance.balanced)).toBe(true);
    });

    it('4010 reversals: CR group and truncated CLP flagged, CLP05 without PR flagged (pitfall 13)', () => {
      const remittance = only(corpus('oopfactory-835-4010-reversals.txt'));
      expect(remittance.claims).toHaveLength(10);
      expect(remittance.claims.filter((c) => c.statusCode === '22')).toHaveLength(3);
      expect(remittance.warnings.filter((w) => w.code === 'INVALID_CODE')).toHaveLength(3);
      expect(remittance.warnings.filter((w) => w.code === 'MISSING_ELEMENT')).toHaveLength(3);
      expect(remittance.balance.issues).toContainEqual({
        level: 'claim',
        kind: 'patientResponsibility',
        claimIndex: 1,
        expected: '0.00',
        actual: '25.95',
      });
    });
  });
});

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
