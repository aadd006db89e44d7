// Deterministic synthetic 835s for the benchmarks: realistic claims (1-4 service lines, claim
// and line CAS, REF*6R, AMT*B6, remarks) written with our generator, balanced by construction.
// Nothing here is committed as a file: the bench builds its inputs on each run.

import { closeSync, openSync, writeSync } from 'node:fs';
import { write835Claim, write835Footer, write835Header, X221A1 } from '#shared/x12/generate-835';
import { formatCents } from '#shared/domain/money/cents';
import type {
  Adjustment835,
  Claim835,
  Remittance835Header,
  ServiceLine835,
} from '#shared/x12/remittance-835';
import { isaSegment, SegmentWriter, type InterchangeEnvelope } from '#shared/x12/writer';
import { random } from '../tests/support/seeded-random.ts';

const PROCEDURES = ['99213', '99214', '85025', '80053', '36415', '93000', '71046', '97110'];
const MODIFIERS = ['25', '59', 'GT', 'RT', 'LT'];
const REMARKS = ['N130', 'M80', 'MA130', 'N4'];

function pick<T>(next: () => number, items: readonly T[]): T {
  return items[Math.floor(next() * items.length)] as T;
}

function money(next: () => number, max: number): number {
  return Math.floor(next() * max);
}

/** One synthetic claim; its paid amount follows the balancing equations. */
export function syntheticClaim(next: () => number, index: number): Claim835 {
  const lineCount = 1 + Math.floor(next() * 4);
  const serviceLines: ServiceLine835[] = [];
  let charge = 0;
  let adjusted = 0;
  let patientResponsibility = 0;
  for (let l = 0; l < lineCount; l++) {
    const lineCharge = 2_000 + money(next, 60_000);
    const contractual = money(next, lineCharge / 2);
    const adjustments: Adjustment835[] = [
      { group: 'CO', reason: '45', amount: formatCents(contractual) },
    ];
    let lineAdjusted = contractual;
    if (next() < 0.4) {
      const coinsurance = money(next, (lineCharge - contractual) / 3);
      adjustments.push({ group: 'PR', reason: '2', amount: formatCents(coinsurance) });
      lineAdjusted += coinsurance;
      patientResponsibility += coinsurance;
    }
    charge += lineCharge;
    adjusted += lineAdjusted;
    serviceLines.push({
      procedureQualifier: 'HC',
      procedureCode: pick(next, PROCEDURES),
      modifiers: next() < 0.3 ? [pick(next, MODIFIERS)] : [],
      chargeAmount: formatCents(lineCharge),
      paidAmount: formatCents(lineCharge - lineAdjusted),
      revenueCode: null,
      units: 1,
      originalProcedure: null,
      originalUnits: null,
      serviceDate: { from: '2025-03-14', to: '2025-03-14' },
      lineItemControlNumber: `${index}L${l + 1}`,
      allowedAmount: formatCents(lineCharge - contractual),
      adjustments,
      remarkCodes: next() < 0.2 ? [pick(next, REMARKS)] : [],
    });
  }
  const claimAdjustments: Adjustment835[] = [];
  if (next() < 0.25) {
    const deductible = money(next, 3_000);
    claimAdjustments.push({ group: 'PR', reason: '1', amount: formatCents(deductible) });
    adjusted += deductible;
    patientResponsibility += deductible;
  }
  return {
    patientControlNumber: `PCN${String(index).padStart(10, '0')}`,
    statusCode: '1',
    chargeAmount: formatCents(charge),
    paidAmount: formatCents(charge - adjusted),
    patientResponsibilityAmount:
      patientResponsibility === 0 ? null : formatCents(patientResponsibility),
    claimFilingIndicator: '12',
    payerClaimControlNumber: `25073${String(index).padStart(9, '0')}`,
    facilityCode: '11',
    frequencyCode: '1',
    adjustments: claimAdjustments,
    remarkCodes: [],
    patient: { lastName: 'SYNTHETIC', firstName: 'PATIENT', idQualifier: 'MI', id: `M${index}` },
    references: [{ qualifier: 'EA', value: `MRN${index}` }],
    serviceDates: { from: '2025-03-14', to: '2025-03-14' },
    receivedDate: '2025-03-20',
    serviceLines,
  };
}

const ENVELOPE: InterchangeEnvelope = {
  senderQualifier: 'ZZ',
  senderId: 'BENCHPAYER',
  receiverQualifier: 'ZZ',
  receiverId: 'CLEARINGHOUSE',
  controlNumber: 1,
  usageIndicator: 'T',
  acknowledgmentRequested: false,
  createdAt: new Date('2025-04-01T12:00:00Z'),
};

function header(totalCents: number): Omit<Remittance835Header, 'type' | 'controlNumber'> {
  return {
    payment: {
      totalAmount: formatCents(totalCents),
      creditDebitFlag: 'C',
      handlingCode: 'I',
      method: 'CHK',
      date: '2025-04-02',
      traceNumber: 'BENCHCHECK1',
      originatorId: '1999999999',
      productionDate: '2025-04-01',
    },
    payer: { name: 'BENCH HEALTH PLAN', address: null, id: 'BENCH1' },
    payee: {
      name: 'BENCH CLINIC',
      address: null,
      idQualifier: 'XX',
      id: '1234567893',
      npi: '1234567893',
      taxId: '931234567',
    },
  };
}

/**
 * Writes one interchange with one 835 transaction set of synthetic claims until `targetBytes`
 * is reached, in pieces handed to `sink` (so a 200 MB file never sits in memory). The claims'
 * payment total is only known at the end, so BPR02 is written as a fixed-width placeholder
 * when streaming; the bench reports it as an unbalanced total, which is irrelevant to speed.
 */
function writeSynthetic835(
  targetBytes: number,
  sink: (text: string) => void,
  exactTotal: number | null,
): { claims: number; bytes: number; paidCents: number } {
  const next = random(835);
  const start = new SegmentWriter();
  start.raw(isaSegment(ENVELOPE));
  start.segment('GS', 'HP', 'BENCHPAYER', 'CLEARINGHOUSE', '20250401', '1200', '1', 'X', X221A1);
  start.segment('ST', '835', '0001', X221A1);
  const body = new SegmentWriter();
  write835Header(body, header(exactTotal ?? 0));
  body.segment('LX', '1');
  let segments = 1 + body.count; // ST + header
  let bytes = start.toString().length + body.toString().length;
  sink(start.toString() + body.toString());
  let claims = 0;
  let paidCents = 0;
  while (bytes < targetBytes) {
    const batch = new SegmentWriter();
    for (let i = 0; i < 500; i++) {
      const claim = syntheticClaim(next, claims++);
      paidCents += Math.round(Number(claim.paidAmount) * 100);
      write835Claim(batch, claim);
    }
    const text = batch.toString();
    segments += batch.count;
    bytes += text.length;
    sink(text);
  }
  const end = new SegmentWriter();
  write835Footer(end, []);
  end.segment('SE', segments + end.count + 1, '0001');
  end.segment('GE', 1, '1');
  end.segment('IEA', 1, '000000001');
  sink(end.toString());
  return { claims, bytes: bytes + end.toString().length, paidCents };
}

/** An in-memory 835 of about `targetBytes`, balanced (BPR02 = sum of CLP04). */
export function synthetic835Text(targetBytes: number): { text: string; claims: number } {
  // Two passes with the same seed: the first finds the total, the second writes it into BPR02.
  const first = writeSynthetic835(targetBytes, () => undefined, null);
  const parts: string[] = [];
  const second = writeSynthetic835(targetBytes, (text) => parts.push(text), first.paidCents);
  return { text: parts.join(''), claims: second.claims };
}

/** Writes a synthetic 835 of about `targetBytes` to `path` piece by piece. */
export function synthetic835File(
  path: string,
  targetBytes: number,
): { claims: number; bytes: number } {
  const fd = openSync(path, 'w');
  try {
    const result = writeSynthetic835(targetBytes, (text) => writeSync(fd, text), null);
    return { claims: result.claims, bytes: result.bytes };
  } finally {
    closeSync(fd);
  }
}
