// 835 generation rate (what the sandbox payer spends answering claims): prebuilt synthetic
// claims written with write835Claim.

import { write835Claim } from '#shared/x12/generate-835';
import { SegmentWriter } from '#shared/x12/writer';
import { random } from '../tests/support/seeded-random.ts';
import { syntheticClaim } from './synthetic-835.ts';

export function measureGenerate835(claimCount: number): {
  claimsPerSecond: number;
  megabytesPerSecond: number;
} {
  const next = random(1);
  const claims = Array.from({ length: claimCount }, (_, i) => syntheticClaim(next, i));
  const warm = new SegmentWriter();
  for (const claim of claims.slice(0, 1000)) write835Claim(warm, claim);
  let bytes = 0;
  const start = process.hrtime.bigint();
  for (let from = 0; from < claims.length; from += 1000) {
    const writer = new SegmentWriter();
    for (let i = from; i < Math.min(from + 1000, claims.length); i++) {
      const claim = claims[i];
      if (claim !== undefined) write835Claim(writer, claim);
    }
    bytes += writer.toString().length;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return {
    claimsPerSecond: claimCount / seconds,
    megabytesPerSecond: bytes / (1024 * 1024) / seconds,
  };
}
