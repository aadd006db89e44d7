// 837P generation rate on one core: the claims-schema fixture, validated once, repeated with
// distinct patient control numbers, written as interchanges of 1,000 claims (one ST per claim).
// The 837P generator is another engineer's module: when it is absent the row reads "skipped".

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
// Type-only imports are erased: the modules are loaded with import() below, so the bench still
// runs (and reports "skipped") on a tree where the 837P generator does not exist yet.
import type * as ValidateClaim from '#shared/domain/claims/validate-claim';
import type * as Generator837p from '#shared/x12/generate-837-professional';

export interface GenerationResult {
  readonly claimsPerSecond: number | null;
  readonly claims: number;
  readonly megabytesPerSecond: number | null;
  readonly note?: string;
}

const FIXTURE = fileURLToPath(
  new URL('../tests/fixtures/claims/professional-full.json', import.meta.url),
);

export async function measureGenerate837p(claimCount: number): Promise<GenerationResult> {
  let generator: typeof Generator837p;
  let validate: typeof ValidateClaim;
  try {
    generator = await import('#shared/x12/generate-837-professional');
    validate = await import('#shared/domain/claims/validate-claim');
  } catch {
    return {
      claimsPerSecond: null,
      claims: 0,
      megabytesPerSecond: null,
      note: 'skipped: 837P generator not present',
    };
  }
  const input: unknown = JSON.parse(readFileSync(FIXTURE, 'utf8'));
  const checked = validate.validateProfessionalClaim(input, {
    today: new Date().toISOString().slice(0, 10),
  });
  if (!checked.ok) {
    const codes = checked.issues.map((issue) => issue.code).join(', ');
    return {
      claimsPerSecond: null,
      claims: 0,
      megabytesPerSecond: null,
      note: `skipped: professional-full.json does not validate (${codes})`,
    };
  }
  const base = checked.claim;
  const claims = Array.from({ length: claimCount }, (_, i) => ({
    claimId: `clm_${i}`,
    claim: {
      ...base,
      claimInformation: {
        ...base.claimInformation,
        patientControlNumber: `BENCH${String(i).padStart(10, '0')}`,
      },
    },
  }));
  const createdAt = new Date('2025-04-01T12:00:00Z');
  const envelope = (batch: number) => ({
    interchange: {
      senderQualifier: 'ZZ',
      senderId: 'CLEARINGHOUSE',
      receiverQualifier: 'ZZ',
      receiverId: 'PAYER',
      controlNumber: batch + 1,
      usageIndicator: 'T' as const,
      acknowledgmentRequested: false,
      createdAt,
    },
    groupControlNumber: batch + 1,
    applicationSenderCode: 'CLEARINGHOUSE',
    applicationReceiverCode: 'PAYER',
    transmission: { submitterId: 'ETIN01', receiverId: 'PAYER01', createdAt },
  });
  const batchSize = 1000;
  // Warm-up batch, not timed.
  generator.buildProfessionalInterchange(claims.slice(0, batchSize), envelope(0));
  let bytes = 0;
  const start = process.hrtime.bigint();
  for (let from = 0, batch = 0; from < claims.length; from += batchSize, batch++) {
    bytes += generator.buildProfessionalInterchange(
      claims.slice(from, from + batchSize),
      envelope(batch),
    ).length;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return {
    claimsPerSecond: claimCount / seconds,
    claims: claimCount,
    megabytesPerSecond: bytes / (1024 * 1024) / seconds,
  };
}
